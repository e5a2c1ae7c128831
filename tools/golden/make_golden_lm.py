#!/usr/bin/env python3
"""Writes the golden fixture of the token nets (Tests/EngineTests/Fixtures/golden-lm.json).

Run by developers, not CI, with PyTorch installed (see make_golden.py):

    /tmp/torchvenv/bin/python tools/golden/make_golden_lm.py Tests/EngineTests/Fixtures

Bengio et al.'s 2003 model at a small size, as makemore builds it: nn.Embedding(V, D), the K
rows of an example side by side (x.view(B, K*D)), a tanh layer and a softmax over the
vocabulary, trained by cross-entropy. The rows repeat tokens, so a table row's gradient sums
several examples'. The format is make_golden.py's: initial weights by engine name (the table
is L1.E, [vocabulary, width] as nn.Embedding keeps it; dense weights [in, out]), each layer's
z, a and delta at the first step (for the embedding, z and a are the flattened rows), the
loss and every weight after each of 20 steps, in float64 and float32.
"""
import json
import os
import sys

import torch

STEPS = 20
VOCABULARY, WIDTH, CONTEXT, HIDDEN = 7, 3, 3, 8
SPEC = f"tokens {CONTEXT} -> embed {WIDTH} -> {HIDDEN} tanh -> {VOCABULARY} softmax"
INPUTS = [[0, 0, 0], [0, 0, 3], [0, 3, 1], [3, 1, 1], [1, 1, 5], [0, 0, 2], [0, 2, 6], [2, 6, 6]]
CLASSES = [3, 1, 1, 5, 0, 2, 6, 0]
OPTIMIZERS = {
    "sgd": ("SGD", {"lr": 0.1}),
    "adamw": ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
}


def initial_weights():
    torch.manual_seed(2003)
    table = torch.nn.Embedding(VOCABULARY, WIDTH).double()
    hidden = torch.nn.Linear(CONTEXT * WIDTH, HIDDEN).double()
    output = torch.nn.Linear(HIDDEN, VOCABULARY).double()
    return [table.weight.detach().clone()] + [
        tensor.detach().clone() for layer in (hidden, output) for tensor in (layer.weight, layer.bias)]


def named(tensors):
    table, w2, b2, w3, b3 = tensors
    return {
        "L1.E": table.flatten().tolist(),
        "L2.W": w2.T.contiguous().flatten().tolist(), "L2.b": b2.flatten().tolist(),
        "L3.W": w3.T.contiguous().flatten().tolist(), "L3.b": b3.flatten().tolist(),
    }


def run(optimizer_name, dtype):
    params = [tensor.to(dtype).clone().requires_grad_(True) for tensor in initial_weights()]
    table, w2, b2, w3, b3 = params
    kind, options = OPTIMIZERS[optimizer_name]
    optimizer = getattr(torch.optim, kind)(params, **options)
    ids = torch.tensor(INPUTS)
    classes = torch.tensor(CLASSES)
    record = {"losses": [], "weights": []}
    for step in range(STEPS):
        optimizer.zero_grad()
        flat = table[ids].view(len(INPUTS), CONTEXT * WIDTH)
        flat.retain_grad()
        z2 = flat @ w2.T + b2
        z2.retain_grad()
        a2 = torch.tanh(z2)
        z3 = a2 @ w3.T + b3
        z3.retain_grad()
        a3 = torch.softmax(z3, dim=1)
        loss = torch.nn.functional.cross_entropy(z3, classes)
        loss.backward()
        if step == 0:
            record["first"] = {
                "z": [t.detach().flatten().tolist() for t in (flat, z2, z3)],
                "a": [t.detach().flatten().tolist() for t in (flat, a2, a3)],
                "delta": [t.grad.flatten().tolist() for t in (flat, z2, z3)],
                "loss": loss.item(),
                "grads": named([p.grad for p in params]),
            }
        record["losses"].append(loss.item())
        optimizer.step()
        record["weights"].append(named([p.detach() for p in params]))
    return record


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "Tests/EngineTests/Fixtures"
    torch.set_num_threads(1)
    fixture = {"torch": torch.__version__, "steps": STEPS, "cases": []}
    for optimizer_name, (kind, options) in OPTIMIZERS.items():
        fixture["cases"].append({
            "name": f"bengio-ce-mean-{optimizer_name}",
            "spec": SPEC,
            "inputs": sum(INPUTS, []),
            "rows": len(INPUTS),
            "targets": CLASSES,
            "loss": "ce",
            "reduction": "mean",
            "optimizer": {"kind": kind, **{k: float(v) for k, v in options.items()}},
            "initial": named(initial_weights()),
            "float64": run(optimizer_name, torch.float64),
            "float32": run(optimizer_name, torch.float32),
        })
    path = os.path.join(directory, "golden-lm.json")
    with open(path, "w") as handle:
        json.dump(fixture, handle, separators=(",", ":"))
    print(f"wrote {len(fixture['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
