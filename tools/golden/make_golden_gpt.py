#!/usr/bin/env python3
"""Writes the golden fixture of a small GPT (Tests/EngineTests/Fixtures/golden-gpt.json).

Run by developers, not CI, with PyTorch installed (see make_golden.py):

    /tmp/torchvenv/bin/python tools/golden/make_golden_gpt.py Tests/EngineTests/Fixtures

A two-block GPT as nanoGPT builds it (token and position embeddings, pre-norm blocks of
causal self-attention and a 4x GELU MLP, a final layer norm, the output layer tied to the
token table, no dropout), written out here module by module so that every intermediate
value can be kept, with the attention computed the explicit way (q k^T / sqrt(d), masked
fill with -inf, softmax, times v) rather than by the flash kernel. It is trained by
cross-entropy on the next token at every position, for 10 AdamW steps, in float64 and
float32, from the same initial weights (GPT-2's initialisation, drawn here).

The format is make_golden.py's: initial weights by engine name (dense weights [in, out];
the tables as nn.Embedding keeps them), each layer's z, a and delta at the first step (for
a block its output, and its output's gradient; for the final layer norm the normalised
values before the gain), the loss and every weight after each step. The engine's layers are
L1 the embeddings, L2 and L3 the blocks, L4 the layer norm and L5 the tied output.

Float32 is held to 1e-5 for the first step's values and gradients and 1e-4 for the losses,
as the other fixtures are, but to FLOAT32_WEIGHT_TOLERANCE for the weights after each update: Adam divides each gradient by the root of its own running square, so a gradient near
zero, whose float32 rounding differs between any two implementations, moves its weight by up
to a learning rate's share either way (the float64 run, at 1e-10 throughout, shows the
computation itself is the same).
"""
import json
import math
import os
import sys

import torch

STEPS = 10
VOCABULARY, WIDTH, HEADS, CONTEXT, BLOCKS = 11, 8, 2, 8, 2
SPEC = (f"tokens {CONTEXT} -> embed {WIDTH} positions -> "
        + " -> ".join([f"block {HEADS}"] * BLOCKS) + f" -> layernorm -> {VOCABULARY} softmax tied")
INPUTS = [[1, 4, 4, 2, 0, 9, 3, 3], [10, 0, 0, 5, 7, 1, 1, 6], [2, 2, 8, 3, 4, 10, 0, 9]]
TARGETS = [[4, 4, 2, 0, 9, 3, 3, 7], [0, 0, 5, 7, 1, 1, 6, 2], [2, 8, 3, 4, 10, 0, 9, 9]]
OPTIMIZER = ("AdamW", {"lr": 0.01, "weight_decay": 0.1})
FLOAT32_WEIGHT_TOLERANCE = 1e-3


def linear_names(prefix):
    return [f"{prefix}.W", f"{prefix}.b"]


def block_names(layer):
    return ([f"{layer}.ln1.gamma", f"{layer}.ln1.beta"] + linear_names(f"{layer}.attn")
            + linear_names(f"{layer}.attn.proj") + [f"{layer}.ln2.gamma", f"{layer}.ln2.beta"]
            + linear_names(f"{layer}.mlp.fc") + linear_names(f"{layer}.mlp.proj"))


NAMES = (["L1.E", "L1.P"] + sum((block_names(f"L{2 + b}") for b in range(BLOCKS)), [])
         + [f"L{2 + BLOCKS}.gamma", f"L{2 + BLOCKS}.beta"])


def initial_weights():
    """GPT-2's initialisation: N(0, 0.02) for tables and maps, 0.02/sqrt(2L) for the residual
    projections, zero biases, unit gains. Linear weights are kept [in, out], as the engine's."""
    torch.manual_seed(2019)
    residual = 0.02 / math.sqrt(2 * BLOCKS)

    def normal(*shape, std=0.02):
        return torch.randn(*shape, dtype=torch.float64) * std

    tensors = [normal(VOCABULARY, WIDTH), normal(CONTEXT, WIDTH)]
    for _ in range(BLOCKS):
        tensors += [torch.ones(WIDTH, dtype=torch.float64), torch.zeros(WIDTH, dtype=torch.float64)]
        tensors += [normal(WIDTH, 3 * WIDTH), normal(3 * WIDTH) * 0]
        tensors += [normal(WIDTH, WIDTH, std=residual), normal(WIDTH) * 0]
        tensors += [torch.ones(WIDTH, dtype=torch.float64), torch.zeros(WIDTH, dtype=torch.float64)]
        tensors += [normal(WIDTH, 4 * WIDTH), normal(4 * WIDTH) * 0]
        tensors += [normal(4 * WIDTH, WIDTH, std=residual), normal(WIDTH) * 0]
    tensors += [torch.ones(WIDTH, dtype=torch.float64), torch.zeros(WIDTH, dtype=torch.float64)]
    # Biases and gains moved off their starting values, so a mix-up of two cannot pass.
    generator = torch.Generator().manual_seed(7)
    for index, name in enumerate(NAMES):
        if name.endswith((".b", ".beta")):
            tensors[index] = torch.randn(tensors[index].shape, generator=generator, dtype=torch.float64) * 0.05
        if name.endswith(".gamma"):
            tensors[index] = 1 + torch.randn(tensors[index].shape, generator=generator, dtype=torch.float64) * 0.05
    return tensors


def named(tensors):
    return {name: tensor.detach().flatten().tolist() for name, tensor in zip(NAMES, tensors)}


def layer_norm(x, gamma, beta):
    mean = x.mean(dim=-1, keepdim=True)
    variance = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    normalised = (x - mean) / torch.sqrt(variance + 1e-5)
    return normalised, normalised * gamma + beta


def attention(x, w, b, proj_w, proj_b):
    rows, columns = len(INPUTS), CONTEXT
    q, k, v = (x @ w + b).split(WIDTH, dim=2)
    head = WIDTH // HEADS
    q, k, v = (t.view(rows, columns, HEADS, head).transpose(1, 2) for t in (q, k, v))
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(head))
    mask = torch.tril(torch.ones(columns, columns, dtype=torch.bool))
    weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
    y = (weights @ v).transpose(1, 2).contiguous().view(rows, columns, WIDTH)
    return y @ proj_w + proj_b


def forward(params, ids):
    table, positions = params[0], params[1]
    x = table[ids] + positions[torch.arange(CONTEXT)]
    kept = [(x, x)]
    for block in range(BLOCKS):
        (g1, b1, w, b, pw, pb, g2, b2, fw, fb, mw, mb) = params[2 + 12 * block: 14 + 12 * block]
        x = x + attention(layer_norm(x, g1, b1)[1], w, b, pw, pb)
        x = x + torch.nn.functional.gelu(layer_norm(x, g2, b2)[1] @ fw + fb) @ mw + mb
        kept.append((x, x))
    normalised, out = layer_norm(x, params[-2], params[-1])
    kept.append((normalised, out))
    logits = out @ table.T
    kept.append((logits, torch.softmax(logits, dim=-1)))
    return logits, kept


def run(dtype):
    params = [tensor.to(dtype).clone().requires_grad_(True) for tensor in initial_weights()]
    kind, options = OPTIMIZER
    optimizer = getattr(torch.optim, kind)(params, **options)
    ids = torch.tensor(INPUTS)
    targets = torch.tensor(TARGETS)
    record = {"losses": [], "weights": []}
    for step in range(STEPS):
        optimizer.zero_grad()
        logits, kept = forward(params, ids)
        for z, _ in kept:
            z.retain_grad()
        loss = torch.nn.functional.cross_entropy(logits.view(-1, VOCABULARY), targets.view(-1))
        loss.backward()
        if step == 0:
            record["first"] = {
                "z": [z.detach().flatten().tolist() for z, _ in kept],
                "a": [a.detach().flatten().tolist() for _, a in kept],
                "delta": [z.grad.flatten().tolist() for z, _ in kept],
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
    kind, options = OPTIMIZER
    fixture = {"torch": torch.__version__, "steps": STEPS, "cases": [{
        "name": f"gpt-{BLOCKS}-blocks-tied-adamw",
        "spec": SPEC,
        "inputs": sum(INPUTS, []),
        "rows": len(INPUTS),
        "targets": sum(TARGETS, []),
        "loss": "ce",
        "reduction": "mean",
        "optimizer": {"kind": kind, **{k: float(v) for k, v in options.items()}},
        "initial": named(initial_weights()),
        "float64": run(torch.float64),
        "float32": run(torch.float32),
        "float32_weight_tolerance": FLOAT32_WEIGHT_TOLERANCE,
    }]}
    path = os.path.join(directory, "golden-gpt.json")
    with open(path, "w") as handle:
        json.dump(fixture, handle, separators=(",", ":"))
    print(f"wrote {len(fixture['cases'])} case to {path}")


if __name__ == "__main__":
    main()
