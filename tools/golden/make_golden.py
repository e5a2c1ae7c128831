#!/usr/bin/env python3
"""Writes the engine's golden fixtures from PyTorch.

Run by developers, not CI:

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch
    /tmp/torchvenv/bin/python tools/golden/make_golden.py Tests/EngineTests/Fixtures

For each case (a network, a loss and an optimizer) it records, in both float64 and
float32: the initial weights (in the engine's [in, out] layout, named L1.W, L1.b, ...),
every layer's z and a, the loss, every layer's delta dloss/dz and every parameter's
gradient at the first step, then the loss and all weights after each of 20 steps.
"""
import json
import os
import sys

import torch

STEPS = 20

NETS = {
    "xor221": {
        "spec": "2 -> 2 sigmoid -> 1 sigmoid",
        "sizes": [2, 2, 1],
        "activations": ["sigmoid", "sigmoid"],
        "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]],
        "targets": [[0], [1], [1], [0]],
    },
    "net483": {
        "spec": "4 -> 8 tanh -> 3 softmax",
        "sizes": [4, 8, 3],
        "activations": ["tanh", "softmax"],
        "inputs": [
            [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4],
            [6.4, 3.2, 4.5, 1.5], [6.3, 3.3, 6.0, 2.5], [5.8, 2.7, 5.1, 1.9],
        ],
        "classes": [0, 0, 1, 1, 2, 2],
    },
}

OPTIMIZERS = {
    "sgd": ("SGD", {"lr": 0.5}),
    # At lr 0.5 the 4-8-3 net on unscaled iris rows is chaotic: PyTorch's own float32
    # and float64 runs part by 2e-3 within 20 steps, which would test rounding, not maths.
    "sgd_slow": ("SGD", {"lr": 0.05}),
    "sgd_momentum": ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}),
    "sgd_nesterov": ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    "adam": ("Adam", {"lr": 0.05}),
    "adam_amsgrad": ("Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.01}),
    "adamw": ("AdamW", {"lr": 0.05, "weight_decay": 0.1}),
    "rmsprop": ("RMSprop", {"lr": 0.01}),
    "rmsprop_centered": ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5, "weight_decay": 0.01}),
    "adagrad": ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01}),
}

LOSSES_221 = [("mse", "mean"), ("mse", "sum"), ("mae", "mean"), ("bce", "mean"), ("bce", "sum"),
              ("bce_logits", "mean"), ("sse", "sum")]
LOSSES_483 = [("ce", "mean"), ("ce", "sum"), ("mse", "mean")]


def cases():
    for loss, reduction in LOSSES_221:
        yield "xor221", loss, reduction, "sgd"
    for optimizer in OPTIMIZERS:
        if optimizer not in ("sgd", "sgd_slow"):
            yield "xor221", "bce", "mean", optimizer
    for loss, reduction in LOSSES_483:
        yield "net483", loss, reduction, "sgd_slow"
    for optimizer in OPTIMIZERS:
        if optimizer not in ("sgd", "sgd_slow"):
            yield "net483", "ce", "mean", optimizer


def initial_weights(net):
    torch.manual_seed(1986)
    sizes = net["sizes"]
    layers = [torch.nn.Linear(sizes[i], sizes[i + 1]).double() for i in range(len(sizes) - 1)]
    return [(layer.weight.detach().clone(), layer.bias.detach().clone()) for layer in layers]


def activate(name, z):
    return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "softmax": lambda x: torch.softmax(x, dim=1)}[name](z)


def loss_value(loss, reduction, a, z, targets, classes):
    if loss == "mse":
        return torch.nn.functional.mse_loss(a, targets, reduction=reduction)
    if loss == "mae":
        return torch.nn.functional.l1_loss(a, targets, reduction=reduction)
    if loss == "bce":
        return torch.nn.functional.binary_cross_entropy(a, targets, reduction=reduction)
    if loss == "bce_logits":
        return torch.nn.functional.binary_cross_entropy_with_logits(z, targets, reduction=reduction)
    if loss == "ce":
        return torch.nn.functional.cross_entropy(z, classes, reduction=reduction)
    if loss == "sse":
        return 0.5 * ((a - targets) ** 2).sum()
    raise ValueError(loss)


def run(net, loss, reduction, optimizer_name, dtype):
    weights = [(w.to(dtype).clone().requires_grad_(True), b.to(dtype).clone().requires_grad_(True))
               for w, b in initial_weights(net)]
    params = [p for pair in weights for p in pair]
    kind, options = OPTIMIZERS[optimizer_name]
    optimizer = getattr(torch.optim, kind)(params, **options)
    x = torch.tensor(net["inputs"], dtype=dtype)
    classes = torch.tensor(net.get("classes", [0] * len(net["inputs"])))
    if "targets" in net:
        targets = torch.tensor(net["targets"], dtype=dtype)
    else:
        targets = torch.nn.functional.one_hot(classes, net["sizes"][-1]).to(dtype)

    def forward():
        h = x
        zs, activations = [], []
        for (w, b), name in zip(weights, net["activations"]):
            z = h @ w.T + b
            z.retain_grad()
            a = activate(name, z)
            zs.append(z)
            activations.append(a)
            h = a
        return zs, activations

    record = {"losses": [], "weights": []}
    for step in range(STEPS):
        optimizer.zero_grad()
        zs, activations = forward()
        value = loss_value(loss, reduction, activations[-1], zs[-1], targets, classes)
        value.backward()
        if step == 0:
            record["first"] = {
                "z": [z.detach().flatten().tolist() for z in zs],
                "a": [a.detach().flatten().tolist() for a in activations],
                "delta": [z.grad.flatten().tolist() for z in zs],
                "loss": value.item(),
                "grads": named([(w.grad, b.grad) for w, b in weights]),
            }
        record["losses"].append(value.item())
        optimizer.step()
        record["weights"].append(named([(w.detach(), b.detach()) for w, b in weights]))
    return record


def named(pairs):
    """Parameters by engine name, weights transposed to the engine's [in, out] layout."""
    out = {}
    for index, (w, b) in enumerate(pairs, start=1):
        out[f"L{index}.W"] = w.T.contiguous().flatten().tolist()
        out[f"L{index}.b"] = b.flatten().tolist()
    return out


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "Tests/EngineTests/Fixtures"
    torch.set_num_threads(1)
    fixture = {"torch": torch.__version__, "steps": STEPS, "cases": []}
    for net_name, loss, reduction, optimizer_name in cases():
        net = NETS[net_name]
        kind, options = OPTIMIZERS[optimizer_name]
        fixture["cases"].append({
            "name": f"{net_name}-{loss}-{reduction}-{optimizer_name}",
            "spec": net["spec"],
            "inputs": sum(net["inputs"], []),
            "rows": len(net["inputs"]),
            "targets": sum(net["targets"], []) if "targets" in net else net["classes"],
            "loss": loss,
            "reduction": reduction,
            "optimizer": {"kind": kind, **{k: float(v) if not isinstance(v, bool) else v for k, v in options.items()}},
            "initial": named(initial_weights(net)),
            "float64": run(net, loss, reduction, optimizer_name, torch.float64),
            "float32": run(net, loss, reduction, optimizer_name, torch.float32),
        })
    path = os.path.join(directory, "golden.json")
    with open(path, "w") as handle:
        json.dump(fixture, handle, separators=(",", ":"))
    print(f"wrote {len(fixture['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
