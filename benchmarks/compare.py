#!/usr/bin/env python3
"""Runs `backprop bench --json` and benchmarks/torch_mlp.py back to back, several
rounds alternating, and prints each configuration's steps/s ratio (engine / PyTorch)
per round and the median.

    python benchmarks/compare.py [--rounds 3] [--backprop .build/release/backprop]

Use a Python that has torch (e.g. a venv of your own); build the engine with
`swift build -c release` first.
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_json(command):
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backprop", default=str(HERE.parent / ".build/release/backprop"))
    args = parser.parse_args()
    ratios = {}
    for round_index in range(args.rounds):
        ours = run_json([args.backprop, "bench", "--json"])
        theirs = run_json([sys.executable, str(HERE / "torch_mlp.py"), "--json"])
        for name in ours:
            ratio = ours[name]["steps_per_s"] / theirs[name]["steps_per_s"]
            ratios.setdefault(name, []).append(ratio)
            print(f"round {round_index + 1} {name:11s} engine {ours[name]['steps_per_s']:12.1f} steps/s "
                  f"({ours[name]['gflops']:6.2f} GFLOP/s)  torch {theirs[name]['steps_per_s']:10.1f} steps/s "
                  f"({theirs[name]['gflops']:6.2f} GFLOP/s)  ratio {ratio:8.2f}", flush=True)
    for name, values in ratios.items():
        print(f"median ratio {name:11s} {statistics.median(values):8.2f}")


if __name__ == "__main__":
    main()
