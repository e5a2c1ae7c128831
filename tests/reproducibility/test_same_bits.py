"""A seed gives the same run on every machine: the notebooks and the language's scripts
print byte-identical text whatever the thread count, the matrix-product kernel (AVX2 or
the portable one that a CPU without AVX2 and FMA runs) and the C library's choice of
math routines for the CPU (glibc picks FMA or plain versions of exp, log, tanh ...).

Each configuration is compared with the run under the machine's own defaults, which the
notebook tests compare with the committed outputs.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "notebooks"))
from notebook_outputs import NOTEBOOKS, execute, normalize, output_texts  # noqa: E402
from backprop_binary import binary

SCRIPTS = sorted((REPO / "Tests" / "LanguageTests" / "Scripts").glob("*.bp"))

CONFIGURATIONS = {
    "one thread": {"BACKPROP_THREADS": "1"},
    "two threads": {"BACKPROP_THREADS": "2"},
    "portable matrix kernel": {"BACKPROP_GEMM": "portable"},
    # What a CPU without AVX2 or FMA gets from glibc (Sandybridge and older).
    "math library without FMA": {"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX"},
}


# The portable kernel must round exactly as the FMA kernel does, so it calls glibc's fmaf,
# which on a CPU it is not built for runs in software: about sixty times slower. Notebook 09
# trains 20,000 steps and measures 228,000 examples eight times, and notebook 10 trains a GPT
# for 1,200 steps and notebook 11 pretrains and fine-tunes one for 2,500, which would take over ten
# minutes each there; the same layers, adapters and data path run under that kernel in the scripts
# language_models.bp, transformers.bp and lora.bp, which every configuration runs.
TOO_SLOW = {
    "portable matrix kernel": {
        "09-a-neural-language-model",
        "10-attention-and-a-small-gpt",
        "11-fine-tuning-a-pretrained-model",
    }
}


def notebook_texts(path: Path) -> list[list[str]]:
    return [output_texts(cell) for cell in execute(path).cells if cell.cell_type == "code"]


def script_output(script: Path, environment: dict[str, str], scratch: Path) -> str:
    done = subprocess.run(
        [str(binary("release")), "run", "--keep-going", str(script)],
        cwd=scratch, capture_output=True, text=True, timeout=300, env={**os.environ, **environment},
    )
    return normalize(done.stdout) + "\n--- stderr ---\n" + normalize(done.stderr)


@pytest.fixture(scope="module")
def reference_notebooks() -> dict[str, list[list[str]]]:
    return {path.stem: notebook_texts(path) for path in sorted(NOTEBOOKS.glob("*.ipynb"))}


@pytest.mark.parametrize("configuration", CONFIGURATIONS, ids=str)
def test_notebooks_print_the_same_text(configuration, reference_notebooks, monkeypatch):
    for name, value in CONFIGURATIONS[configuration].items():
        monkeypatch.setenv(name, value)  # the kernel inherits this process's environment
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        if path.stem in TOO_SLOW.get(configuration, set()):
            continue
        texts = notebook_texts(path)
        for index, (expected, actual) in enumerate(zip(reference_notebooks[path.stem], texts)):
            assert actual == expected, f"{path.name}, code cell {index + 1}, under {configuration}"


@pytest.mark.parametrize("configuration", CONFIGURATIONS, ids=str)
def test_scripts_print_the_same_text(configuration, tmp_path):
    for script in SCRIPTS:
        reference = script_output(script, {}, tmp_path)
        output = script_output(script, CONFIGURATIONS[configuration], tmp_path)
        difference = "\n".join(difflib.unified_diff(reference.splitlines(), output.splitlines(), lineterm="", n=1))
        assert not difference, f"{script.name} under {configuration}:\n{difference}"


def test_the_portable_kernel_is_the_one_chosen_when_forced():
    # Without this, the configuration above could silently run the AVX2 kernel twice.
    shown = subprocess.run(
        [str(binary("release")), "version"], capture_output=True, text=True, env={**os.environ, "BACKPROP_GEMM": "portable"},
    ).stdout
    assert "matrix kernel portable" in shown, shown
