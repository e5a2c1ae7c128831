"""`backprop bench --torch`: the engine's workloads timed beside a PyTorch reference.

A stand-in reference script, which prints a fixed rate as benchmarks/torch_mlp.py prints its
JSON, checks the ratio, the rounds, the median and the errors without needing torch; the real
script runs once where torch is installed (`make torch`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from backprop_binary import binary

REPO = Path(__file__).resolve().parents[2]

STAND_IN = """
import json, sys
args = sys.argv[1:]
name = args[args.index("--config") + 1]
steps = args[args.index("--steps") + 1] if "--steps" in args else None
with open(sys.argv[0] + ".calls", "a") as log:
    log.write(f"{name} {steps}\\n")
print("warming up")
print(json.dumps({name: {"steps_per_s": 1000.0, "samples_per_s": 4000.0, "gflops": 0.5}}))
"""


def bench(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary("release")), "bench", *arguments], capture_output=True, text=True, timeout=600, cwd=REPO
    )


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    script = tmp_path / "reference.py"
    script.write_text(STAND_IN)
    return script


def test_each_round_times_the_reference_after_the_engine_and_prints_the_ratio(stand_in: Path):
    done = bench("--config", "xor", "--steps", "500", "--torch", sys.executable, "--reference", str(stand_in),
                 "--rounds", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    rounds = [line for line in lines if line.startswith("round ")]
    assert [line.split()[1] for line in rounds] == ["1", "2", "3"]
    ratios = []
    for line in rounds:
        engine = float(re.search(r"xor\s+([\d.]+) steps/s", line).group(1))
        match = re.search(r"PyTorch\s+([\d.]+) steps/s\s+([\d.]+) GFLOP/s\s+ratio\s+([\d.]+)", line)
        assert match, line
        assert float(match.group(1)) == 1000.0
        ratio = float(match.group(3))
        assert abs(ratio - engine / 1000.0) <= 0.006 * max(1.0, ratio), line
        ratios.append(ratio)
    median = re.search(r"median ratio xor\s+([\d.]+) over 3 rounds \(([\d.]+) to ([\d.]+)\)", lines[-1])
    assert median, lines[-1]
    assert float(median.group(1)) == pytest.approx(sorted(ratios)[1], abs=0.006)
    assert float(median.group(2)) == pytest.approx(min(ratios), abs=0.006)
    # One reference run per round, for the same configuration and step count.
    assert (stand_in.parent / "reference.py.calls").read_text().splitlines() == ["xor 500"] * 3


def test_json_carries_the_median_ratio_and_the_reference_rate(stand_in: Path):
    done = bench("--config", "xor", "--steps", "500", "--torch", sys.executable, "--reference", str(stand_in),
                 "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])["xor"]
    assert result["torch_steps_per_s"] == 1000.0
    assert result["ratio"] == pytest.approx(result["steps_per_s"] / 1000.0, rel=1e-3)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--torch", "/nonexistent/python"], "'/nonexistent/python' is not an executable file"),
        (["--torch", sys.executable, "--reference", "/nonexistent/torch_mlp.py"],
         "the reference script '/nonexistent/torch_mlp.py' was not found"),
        (["--rounds", "0"], "--rounds must be at least 1, not 0"),
    ],
)
def test_a_wrong_argument_is_refused_before_any_timing(arguments: list[str], message: str):
    done = bench("--config", "xor", *arguments)
    assert done.returncode != 0
    assert message in done.stderr
    assert "steps/s" not in done.stdout


def test_a_reference_that_fails_names_its_last_error_line(tmp_path: Path):
    script = tmp_path / "broken.py"
    script.write_text("raise SystemExit('no torch here')\n")
    done = bench("--config", "xor", "--steps", "100", "--torch", sys.executable, "--reference", str(script))
    assert done.returncode != 0
    assert "the PyTorch reference for xor exited with status 1: no torch here" in done.stderr


def test_a_reference_that_prints_no_rate_is_refused(tmp_path: Path):
    script = tmp_path / "silent.py"
    script.write_text("print('{}')\n")
    done = bench("--config", "xor", "--steps", "100", "--torch", sys.executable, "--reference", str(script))
    assert done.returncode != 0
    assert "the PyTorch reference printed no steps/s for xor" in done.stderr


def test_the_real_reference_runs_where_torch_is_installed():
    pytest.importorskip("torch")
    done = bench("--config", "gpt", "--steps", "2", "--torch", sys.executable)
    assert done.returncode == 0, done.stderr
    match = re.search(r"^gpt .*PyTorch\s+([\d.]+) steps/s.*ratio\s+([\d.]+)$", done.stdout, re.MULTILINE)
    assert match, done.stdout
    assert float(match.group(1)) > 0 and float(match.group(2)) > 0
