#!/usr/bin/env python3
"""Writes the golden fixture of fine-tuning's pieces (Tests/EngineTests/Fixtures/golden-finetune.json).

Run by developers, not CI, with PyTorch installed (see make_golden.py):

    /tmp/torchvenv/bin/python tools/golden/make_golden_finetune.py Tests/EngineTests/Fixtures

Three parts, all float64 unless said:

- distillation: a student and a teacher, each one nn.Linear(C, C) (engine spec `C -> C softmax`,
  weights [in, out] as the engine keeps them) on the same inputs; the loss of Hinton et al.
  in PyTorch's usual form, alpha * T*T * F.kl_div(F.log_softmax(s/T), F.softmax(t/T),
  reduction='batchmean') + (1 - alpha) * F.cross_entropy(s, y), its value, its gradient with
  respect to the student's logits s and to the student's weights.
- rounding: float32 values (as their bits) and their float16 and bfloat16 bits, from
  torch.tensor(x).to(torch.float16 / torch.bfloat16): ties, subnormals, overflow, NaN.
- groups: torch.optim.Adam with two parameter groups (the first layer at its own lr) under
  CosineAnnealingLR, on a 2 -> 3 tanh -> 1 net with MSE: the weights after each step.
"""
import json
import os
import struct
import sys

import torch
import torch.nn.functional as F

ROWS, CLASSES = 4, 5
DISTILLATION_CASES = [(3.0, 0.7), (1.0, 1.0), (5.0, 0.0), (2.0, 0.5)]


def engine_dense(layer):
    return layer.weight.detach().T.contiguous().flatten().tolist(), layer.bias.detach().flatten().tolist()


def distillation_case(temperature, alpha):
    torch.manual_seed(2015)
    inputs = torch.randn(ROWS, CLASSES, dtype=torch.float64)
    labels = torch.tensor([0, 3, 4, 1])
    student = torch.nn.Linear(CLASSES, CLASSES).double()
    teacher = torch.nn.Linear(CLASSES, CLASSES).double()
    with torch.no_grad():
        teacher.weight.mul_(4)
    s = student(inputs)
    s.retain_grad()
    with torch.no_grad():
        t = teacher(inputs)
    soft = F.kl_div(
        F.log_softmax(s / temperature, dim=1), F.softmax(t / temperature, dim=1), reduction="batchmean")
    loss = alpha * temperature * temperature * soft + (1 - alpha) * F.cross_entropy(s, labels)
    loss.backward()
    student_w, student_b = engine_dense(student)
    teacher_w, teacher_b = engine_dense(teacher)
    return {
        "temperature": temperature, "alpha": alpha,
        "inputs": inputs.flatten().tolist(), "labels": labels.tolist(),
        "student": {"L1.W": student_w, "L1.b": student_b},
        "teacher": {"L1.W": teacher_w, "L1.b": teacher_b},
        "student_logits": s.detach().flatten().tolist(),
        "teacher_logits": t.flatten().tolist(),
        "loss": loss.item(),
        "logit_grad": s.grad.flatten().tolist(),
        "weight_grad": student.weight.grad.T.contiguous().flatten().tolist(),
        "bias_grad": student.bias.grad.flatten().tolist(),
    }


def bits32(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


def rounding_values():
    half_min = 2.0 ** -24
    values = [
        0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 65504.0, 65519.99, 65520.0, 65536.0, 1e5, -1e5,
        half_min, half_min / 2, half_min * 0.5000001, half_min * 1.5, half_min * 2.5, 2.0 ** -14,
        2.0 ** -14 * (1 - 2.0 ** -11), 1 + 2.0 ** -11, 1 + 3 * 2.0 ** -11, 1 + 2.0 ** -11 + 2.0 ** -20,
        1 + 2.0 ** -8, 1 + 3 * 2.0 ** -8, 1e-8, 6e-8, 3e-8, -3e-8, 1e-30, 1e-40, 3.3895e38, 3.4e38,
        float("inf"), float("-inf"), float("nan"), 12345.678, -0.000123, 2049.0, 2051.0, 257.0, 259.0,
    ]
    torch.manual_seed(16)
    values += (torch.randn(40, dtype=torch.float64) * torch.logspace(-9, 5, 40, dtype=torch.float64)).tolist()
    rows = []
    for value in values:
        x = torch.tensor([value], dtype=torch.float32)
        rows.append({
            "f32": bits32(x.item()),
            "f16": int(x.to(torch.float16).view(torch.int16).item()) & 0xFFFF,
            "bf16": int(x.to(torch.bfloat16).view(torch.int16).item()) & 0xFFFF,
        })
    return rows


def groups_case():
    torch.manual_seed(1)
    hidden = torch.nn.Linear(2, 3).double()
    output = torch.nn.Linear(3, 1).double()
    initial = {"L1.W": engine_dense(hidden)[0], "L1.b": engine_dense(hidden)[1],
               "L2.W": engine_dense(output)[0], "L2.b": engine_dense(output)[1]}
    inputs = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=torch.float64)
    targets = torch.tensor([[0.0], [1.0], [1.0], [0.0]], dtype=torch.float64)
    optimizer = torch.optim.Adam(
        [{"params": hidden.parameters(), "lr": 0.01}, {"params": output.parameters()}], lr=0.1)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=4, eta_min=0.002)
    weights, rates = [], []
    for _ in range(5):
        rates.append([group["lr"] for group in optimizer.param_groups])
        optimizer.zero_grad()
        loss = F.mse_loss(output(torch.tanh(hidden(inputs))), targets)
        loss.backward()
        optimizer.step()
        scheduler.step()
        weights.append({"L1.W": engine_dense(hidden)[0], "L1.b": engine_dense(hidden)[1],
                        "L2.W": engine_dense(output)[0], "L2.b": engine_dense(output)[1]})
    return {
        "spec": "2 -> 3 tanh -> 1", "inputs": inputs.flatten().tolist(), "targets": targets.flatten().tolist(),
        "lr": 0.1, "group_lr": {"L1": 0.01}, "period": 4, "eta_min": 0.002,
        "initial": initial, "rates": rates, "weights": weights,
    }


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "Tests/EngineTests/Fixtures"
    torch.set_num_threads(1)
    fixture = {
        "torch": torch.__version__,
        "distillation": [distillation_case(t, a) for t, a in DISTILLATION_CASES],
        "rounding": rounding_values(),
        "groups": groups_case(),
    }
    path = os.path.join(directory, "golden-finetune.json")
    with open(path, "w") as handle:
        json.dump(fixture, handle, separators=(",", ":"), allow_nan=False)
    print(f"wrote {len(fixture['distillation'])} distillation cases, {len(fixture['rounding'])} "
          f"rounded values and a parameter-group run to {path}")


if __name__ == "__main__":
    main()
