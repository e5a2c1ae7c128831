"""Executing notebooks with the Backprop kernel and reading their outputs as text.

Shared by the notebook tests and by scripts/execute-notebooks.py, which
re-records the committed outputs.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
KERNEL_NAME = "backprop"

# Wall-clock figures change from run to run; everything else must not.
_TIMING = re.compile(
    r"\d+(?:[.,]\d+)*(?:e[+-]?\d+)? ?(?:µs|us|ms|s|min|h)\b(?:\s+left)?"
    r"|\d+(?:[.,]\d+)*(?:e[+-]?\d+)?[kM]?\s*(?:steps|samples|it)/s"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
# Table rows that hold a timing as a bare number, such as "time (s)  0.0184".
_TIMING_ROW = re.compile(r"^(\s*(?:time \(s\)|steps per second|samples per second|elapsed)(?=\s|$)).*$", re.M)
# The same rows in a table's HTML and Markdown forms.
_TIMING_CELL_HTML = re.compile(
    r"(<td[^>]*>(?:time \(s\)|steps per second|samples per second)</td><td[^>]*>)[^<]*(</td>)")
_TIMING_CELL_MARKDOWN = re.compile(
    r"^(\| (?:time \(s\)|steps per second|samples per second) \|)[^|\n]*\|", re.M)
# A timing's width can widen a table column; compare tables by their cells, not their padding.
_RULE = re.compile(r"─+")
_SPACES = re.compile(r"[ \t]{2,}")


def normalize(text: str) -> str:
    """The text with timings masked and column padding collapsed."""
    text = _TIMING_ROW.sub(r"\1 <time>", text)
    text = _TIMING.sub("<time>", text)
    text = _RULE.sub("─", text)
    text = _SPACES.sub("  ", text)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def strip_timings(notebook: nbformat.NotebookNode) -> None:
    """Masks wall-clock figures in every stored output and drops nbclient's timestamps,
    so a re-recorded notebook differs from the committed one only where results do."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _masked(output["text"])
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    output["data"][mime] = _masked(value)


def _masked(value):
    if isinstance(value, list):
        value = "".join(value)
    value = _TIMING_CELL_HTML.sub(r"\1&lt;time&gt;\2", value)
    value = _TIMING_CELL_MARKDOWN.sub(r"\1 <time> |", value)
    return _TIMING.sub("<time>", _TIMING_ROW.sub(r"\1 <time>", value))


def output_texts(cell) -> list[str]:
    """What a reader sees of a code cell, one string per output."""
    texts = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            texts.append(f"[{output['name']}]\n" + normalize(output["text"]))
        elif kind in ("display_data", "execute_result"):
            plain = output.get("data", {}).get("text/plain", "")
            texts.append(f"[{kind}]\n" + normalize(plain))
        elif kind == "error":
            texts.append(f"[error] {output['ename']}: {normalize(output['evalue'])}")
    return texts


def execute(path: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Runs a copy of the notebook in a scratch copy of notebooks/, returns it executed.

    The notebook runs with notebooks/'s files beside it (data, checkpoints), but
    whatever it writes lands in the scratch folder, never in the repository.
    """
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="backprop-nb-") as scratch:
        workdir = Path(scratch) / "notebooks"
        shutil.copytree(NOTEBOOKS, workdir, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
        client = NotebookClient(
            notebook,
            kernel_name=KERNEL_NAME,
            timeout=timeout,
            resources={"metadata": {"path": str(workdir)}},
            allow_errors=True,
        )
        client.execute()
    return notebook
