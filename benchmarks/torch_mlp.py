#!/usr/bin/env python3
"""The `backprop bench` workloads in PyTorch on 2 threads, for a back-to-back comparison
(`backprop bench --torch PYTHON` runs it after each engine run and prints the ratio).

    python benchmarks/torch_mlp.py [--json] [--config NAME]

Same shapes, losses, optimizers, batch sizes and step counts as the engine's
BenchmarkConfiguration; fixed random data, 3 warm-up steps, then timed steps. The gpt
workload is nanoGPT's model (pre-norm blocks, causal attention through
scaled_dot_product_attention as nanoGPT calls it, GELU MLP, tied output layer) at 4 layers,
4 heads, 128 wide, context 64, batch 12, vocabulary 65, trained by AdamW; its samples are
tokens.
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
    "gpt": dict(gpt=dict(layers=4, heads=4, width=128, context=64, vocabulary=65), batch=12, steps=30),
}


class Block(torch.nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = torch.nn.LayerNorm(width)
        self.c_attn = torch.nn.Linear(width, 3 * width)
        self.c_proj = torch.nn.Linear(width, width)
        self.ln_2 = torch.nn.LayerNorm(width)
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(width, 4 * width), torch.nn.GELU(), torch.nn.Linear(4 * width, width))

    def forward(self, x):
        batch, positions, width = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(width, dim=2)
        q, k, v = (t.view(batch, positions, self.heads, width // self.heads).transpose(1, 2) for t in (q, k, v))
        y = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.c_proj(y.transpose(1, 2).contiguous().view(batch, positions, width))
        return x + self.mlp(self.ln_2(x))


class GPT(torch.nn.Module):
    def __init__(self, layers, heads, width, context, vocabulary):
        super().__init__()
        self.wte = torch.nn.Embedding(vocabulary, width)
        self.wpe = torch.nn.Embedding(context, width)
        self.blocks = torch.nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.ln_f = torch.nn.LayerNorm(width)

    def forward(self, ids):
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T


def timed(step, count):
    """Steps per second over `count` steps after 3 warm-up steps, and the last step's loss."""
    for _ in range(3):
        step()
    start = time.perf_counter()
    for _ in range(count):
        loss = step()
    return count / (time.perf_counter() - start), loss


def gpt_flops(gpt, batch):
    """As the engine counts them (BenchmarkConfiguration.flopsPerStep)."""
    rows, width, positions = batch * gpt["context"], gpt["width"], gpt["context"]
    block = 3 * 2 * rows * 12 * width * width + 3 * 4 * rows * positions * width
    return gpt["layers"] * block + 3 * 2 * rows * width * gpt["vocabulary"]


def run_gpt(config, steps=None):
    torch.manual_seed(0)
    gpt = config["gpt"]
    model = GPT(**gpt)
    ids = torch.randint(0, gpt["vocabulary"], (config["batch"], gpt["context"]))
    targets = torch.randint(0, gpt["vocabulary"], (config["batch"], gpt["context"]))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.1)

    def step():
        opt.zero_grad()
        logits = model(ids)
        loss = torch.nn.functional.cross_entropy(logits.view(-1, gpt["vocabulary"]), targets.view(-1))
        loss.backward()
        opt.step()
        return loss

    rate, loss = timed(step, steps or config["steps"])
    tokens = config["batch"] * gpt["context"]
    return {"steps_per_s": rate, "samples_per_s": rate * tokens,
            "gflops": rate * gpt_flops(gpt, config["batch"]) / 1e9, "final_loss": loss.item()}


def flops(sizes, batch):
    total = 0
    for index, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        product = 2 * batch * fan_in * fan_out
        total += 2 * product if index == 0 else 3 * product
    return total


def run(name, config, steps=None):
    if "gpt" in config:
        return run_gpt(config, steps)
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

    rate, loss = timed(step, steps or config["steps"])
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
