#!/usr/bin/env python3
"""Checkpoint fixtures for the engine's safetensors tests, made and checked with PyTorch.

Run by developers, not by CI:

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch safetensors numpy
    /tmp/torchvenv/bin/python tools/checkpoints/make_fixtures.py

It does two things:

1. Writes safetensors files from PyTorch `nn.Sequential` state dicts (and F16/BF16
   tensors), each with a JSON file beside it giving every tensor's dtype, shape and
   values, into Tests/EngineTests/Fixtures/checkpoint-*. The Swift tests read both and
   compare. The tensors are the same on every run (seeded); the order of the metadata keys
   in the header is not (safetensors keeps them in a hash map), so a re-run may change a
   file's bytes without changing its contents.
2. Loads `checkpoint-ours-2-3-1.safetensors` (F32) and `checkpoint-ours-3-2-2-f64.safetensors`
   (F64, with a Dropout so the Linears are 0 and 3), which the engine wrote (the Swift test
   `CheckpointFixtureTests` keeps them byte-identical to what the encoder produces today;
   `BACKPROP_RECORD_FIXTURES=1 swift test --filter CheckpointFixtureTests` rewrites them),
   into the matching `nn.Sequential` with `load_state_dict(..., strict=True)` and checks the
   weights and a forward pass against values computed here by hand from the engine's
   [in, out] layout.
"""

import json
import math
import pathlib
import sys

import numpy as np
import safetensors.numpy
import safetensors.torch
import torch
from torch import nn

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "EngineTests" / "Fixtures"


def describe(tensors):
    """Every tensor as {dtype, shape, values}; values widened to float64 exactly and written
    as repr() strings, because some JSON parsers (Foundation's on Linux) misround numbers."""
    dtype_names = {
        torch.float32: "F32",
        torch.float64: "F64",
        torch.float16: "F16",
        torch.bfloat16: "BF16",
    }
    return {
        name: {
            "dtype": dtype_names[tensor.dtype],
            "shape": list(tensor.shape),
            "values": [repr(float(v)) for v in tensor.detach().to(torch.float64).flatten().tolist()],
        }
        for name, tensor in tensors.items()
    }


def write_fixture(stem, tensors, metadata):
    path = FIXTURES / f"{stem}.safetensors"
    safetensors.torch.save_file(tensors, str(path), metadata=metadata)
    expected = {"metadata": metadata or {}, "tensors": describe(tensors)}
    (FIXTURES / f"{stem}.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path.name} ({path.stat().st_size} bytes)")


def make_torch_fixtures():
    torch.manual_seed(1986)
    tanh_net = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1), nn.Sigmoid())
    write_fixture(
        "checkpoint-torch-2-4-1",
        {k: v.contiguous() for k, v in tanh_net.state_dict().items()},
        {"spec": "2 -> 4 tanh -> 1 sigmoid", "step": "0", "format": "pt"},
    )

    # Dropout is a module too, so the Linears are numbered 0, 3 and 5.
    relu_net = nn.Sequential(
        nn.Linear(3, 5), nn.ReLU(), nn.Dropout(0.1), nn.Linear(5, 2), nn.Tanh(), nn.Linear(2, 2)
    ).double()
    write_fixture(
        "checkpoint-torch-3-5-2-2-f64",
        {k: v.contiguous() for k, v in relu_net.state_dict().items()},
        {"spec": "3 -> 5 relu dropout=0.1 -> 2 tanh -> 2", "step": "120"},
    )

    halves = {
        "half": torch.tensor([1.0, -2.0, 0.5, 65504.0, 2.0**-24, -0.0, float("inf")], dtype=torch.float16),
        "brain": torch.tensor([[1.0, -3.140625], [1e30, 2.0**-130]], dtype=torch.bfloat16),
    }
    write_fixture("checkpoint-torch-halves", halves, None)


def check_ours_loads_into_torch():
    path = FIXTURES / "checkpoint-ours-2-3-1.safetensors"
    state = safetensors.torch.load_file(str(path))
    net = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1), nn.Sigmoid())
    net.load_state_dict(state, strict=True)

    # The engine's layers, [in, out] weights, exactly as CheckpointFixtureTests builds them.
    hidden_w = [[0.5, -1.25, 2.0], [0.75, 0.125, -0.5]]  # 2 x 3
    hidden_b = [0.25, -0.75, 1.5]
    output_w = [[1.0], [-2.0], [0.0625]]  # 3 x 1
    output_b = [-0.375]
    assert net[0].weight.tolist() == np.array(hidden_w).T.tolist(), net[0].weight
    assert net[0].bias.tolist() == hidden_b
    assert net[2].weight.tolist() == np.array(output_w).T.tolist(), net[2].weight
    assert net[2].bias.tolist() == output_b

    with safetensors.safe_open(str(path), framework="pt") as f:
        metadata = f.metadata()
    assert metadata == {"spec": "2 -> 3 tanh -> 1 sigmoid", "step": "7"}, metadata

    x = [0.5, -1.0]
    hidden = [math.tanh(sum(x[i] * hidden_w[i][j] for i in range(2)) + hidden_b[j]) for j in range(3)]
    output = 1 / (1 + math.exp(-(sum(hidden[j] * output_w[j][0] for j in range(3)) + output_b[0])))
    got = net(torch.tensor([x])).item()
    assert abs(got - output) < 1e-6, (got, output)
    print(f"{path.name} loads into nn.Sequential; forward {got:.7f} matches {output:.7f}")


def check_ours_f64_loads_into_torch():
    path = FIXTURES / "checkpoint-ours-3-2-2-f64.safetensors"
    state = safetensors.torch.load_file(str(path))
    net = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Dropout(0.5), nn.Linear(2, 2)).double().eval()
    net.load_state_dict(state, strict=True)
    assert all(t.dtype == torch.float64 for t in state.values())

    # [in, out] weights as CheckpointFixtureTests builds them; 1/3 must survive exactly in F64.
    hidden_w = [[0.1, -0.2], [0.3, -0.4], [0.5, 1.0 / 3]]  # 3 x 2
    hidden_b = [0.01, -0.02]
    output_w = [[1.0, 2.0], [3.0, 4.0]]  # 2 x 2
    output_b = [-1.0, 1.0]
    assert net[0].weight.tolist() == np.array(hidden_w).T.tolist(), net[0].weight
    assert net[0].bias.tolist() == hidden_b
    assert net[3].weight.tolist() == np.array(output_w).T.tolist(), net[3].weight
    assert net[3].bias.tolist() == output_b

    x = [1.0, -2.0, 0.5]
    hidden = [max(0.0, sum(x[i] * hidden_w[i][j] for i in range(3)) + hidden_b[j]) for j in range(2)]
    output = [sum(hidden[j] * output_w[j][k] for j in range(2)) + output_b[k] for k in range(2)]
    got = net(torch.tensor([x], dtype=torch.float64))[0].tolist()
    assert all(abs(g - o) <= 1e-15 * max(1.0, abs(o)) for g, o in zip(got, output)), (got, output)
    print(f"{path.name} loads into nn.Sequential (F64, Linears 0 and 3); forward {got} matches")


def main():
    make_torch_fixtures()
    check_ours_loads_into_torch()
    check_ours_f64_loads_into_torch()
    print(f"torch {torch.__version__}, safetensors {safetensors.__version__}, numpy {np.__version__}")


if __name__ == "__main__":
    sys.exit(main())
