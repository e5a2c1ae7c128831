"""`jupyter nbconvert --to markdown` of a notebook run with Backprop gives text one can paste:
plots as their plain text in a fenced block, tables as Markdown tables, no HTML soup."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from notebook_outputs import execute

CELLS = [
    "seed 3\ndata xor\nnet xor = 2 -> 4 tanh -> 1 sigmoid\nloss bce\noptim adam lr=0.05",
    "train 60",
    "plot loss",
    "show summary",
    "heatmap xor.L1.W",
]


def test_markdown_export_holds_plot_text_and_markdown_tables():
    with tempfile.TemporaryDirectory(prefix="backprop-md-") as scratch:
        source = Path(scratch) / "export.ipynb"
        notebook = nbformat.v4.new_notebook()
        notebook.metadata["kernelspec"] = {"name": "backprop", "display_name": "Backprop", "language": "backprop"}
        notebook.cells = [nbformat.v4.new_code_cell(code) for code in CELLS]
        nbformat.write(notebook, source)
        executed = execute(source)
        nbformat.write(executed, source)
        subprocess.run(
            [sys.executable, "-m", "nbconvert", "--to", "markdown", str(source)],
            check=True, capture_output=True,
        )
        markdown = (Path(scratch) / "export.md").read_text(encoding="utf-8")

    plot = next(
        o["data"]["text/plain"] for c in executed.cells for o in c.outputs
        if o.get("data", {}).get("text/plain", "").startswith("loss of xor"))
    assert "```text\n" + plot + "\n```" in markdown, "the plot's text is a fenced block"
    for line in plot.splitlines():
        assert line in markdown
    assert "| layer | type |" in markdown and "| :-- |" in markdown, "the summary is a Markdown table"
    assert "<span" not in markdown
    assert "<table" not in markdown
    assert "![svg]" not in markdown, "no picture is exported in place of the text"
