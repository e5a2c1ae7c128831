#!/usr/bin/env python3
"""The `backprop bench` workloads in PyTorch on 2 threads, for a back-to-back comparison.

    python benchmarks/torch_mlp.py [--json] [--config NAME]

Same shapes, losses, optimizers, batch sizes and step counts as the engine's
BenchmarkConfiguration; fixed random data, 3 warm-up steps, then timed steps.
"""
import argparse
import json
import time

import torch

CONFIGS = {
    "xor": dict(sizes=[2, 8, 1], act=torch.nn.Tanh, loss="bce_logits", batch=4, opt=("sgd", 0.5, 0.0), steps=20000),
    "mnist-like": dict(sizes=[784, 256, 128, 10], act=torch.nn.ReLU, loss="ce", batch=128, opt=("adam", 1e-3, 0.0),
                       steps=300),
    "wide": dict(sizes=[1024, 1024, 1024, 10], act=torch.nn.ReLU, loss="ce", batch=256, opt=("sgd", 0.01, 0.9),
                 steps=100),
}


def flops(sizes, batch):
    total = 0
    for index, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        product = 2 * batch * fan_in * fan_out
        total += 2 * product if index == 0 else 3 * product
    return total


def run(name, config, steps=None):
    torch.manual_seed(0)
    sizes = config["sizes"]
    layers = []
    for index, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(torch.nn.Linear(fan_in, fan_out))
        if index < len(sizes) - 2:
            layers.append(config["act"]())
    model = torch.nn.Sequential(*layers)
    x = torch.randn(config["batch"], sizes[0])
    if config["loss"] == "ce":
        y = torch.randint(0, sizes[-1], (config["batch"],))
        loss_fn = torch.nn.CrossEntropyLoss()
    else:
        y = torch.randint(0, 2, (config["batch"], 1)).float()
        loss_fn = torch.nn.BCEWithLogitsLoss()
    kind, lr, momentum = config["opt"]
    opt = torch.optim.Adam(model.parameters(), lr=lr) if kind == "adam" else \
        torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(3):
        step()
    count = steps or config["steps"]
    start = time.perf_counter()
    for _ in range(count):
        loss = step()
    seconds = time.perf_counter() - start
    rate = count / seconds
    return {"steps_per_s": rate, "samples_per_s": rate * config["batch"],
            "gflops": rate * flops(sizes, config["batch"]) / 1e9, "final_loss": loss.item()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--config")
    parser.add_argument("--steps", type=int)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    names = [args.config] if args.config else list(CONFIGS)
    results = {name: run(name, CONFIGS[name], args.steps) for name in names}
    if args.json:
        print(json.dumps({k: {f: v[f] for f in ("steps_per_s", "samples_per_s", "gflops")} for k, v in results.items()}))
    else:
        for name, r in results.items():
            print(f"{name:12s}{r['steps_per_s']:12.1f} steps/s {r['samples_per_s']:14.1f} samples/s "
                  f"{r['gflops']:9.2f} GFLOP/s   (final loss {r['final_loss']:.4f})")


if __name__ == "__main__":
    main()
