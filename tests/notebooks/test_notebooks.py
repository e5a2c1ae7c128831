"""Every notebook in notebooks/ runs top to bottom and shows what is committed."""

from __future__ import annotations

import difflib

import nbformat
import pytest
from nbconvert import MarkdownExporter

from notebook_outputs import NOTEBOOKS, execute, normalize, output_texts

NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module", params=NOTEBOOK_PATHS, ids=lambda p: p.stem)
def executed(request):
    committed = nbformat.read(request.param, as_version=4)
    return committed, execute(request.param)


def test_outputs_match_committed(executed):
    committed, fresh = executed
    committed_cells = [c for c in committed.cells if c.cell_type == "code"]
    fresh_cells = [c for c in fresh.cells if c.cell_type == "code"]
    assert len(committed_cells) == len(fresh_cells)
    for index, (old, new) in enumerate(zip(committed_cells, fresh_cells), start=1):
        want, got = "\n".join(output_texts(old)), "\n".join(output_texts(new))
        if want != got:
            diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(), "committed", "now", lineterm=""))
            pytest.fail(f"code cell {index} ({old.source.splitlines()[0] if old.source else ''!r}) changed:\n{diff}")


def test_no_unexpected_errors(executed):
    _, fresh = executed
    for cell in fresh.cells:
        if cell.cell_type != "code":
            continue
        expects_error = "raises-exception" in cell.metadata.get("tags", [])
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        if errors and not expects_error:
            pytest.fail(f"cell {cell.source!r} failed: {errors[0]['ename']}: {errors[0]['evalue']}")


def test_markdown_export_keeps_text_outputs(executed):
    """`nbconvert --to markdown` keeps every output as text, in the form nbconvert picks."""
    _, fresh = executed
    markdown, _ = MarkdownExporter().from_notebook_node(fresh)
    for cell in fresh.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                shown = output["text"]
            elif output["output_type"] in ("display_data", "execute_result"):
                data = output["data"]
                # nbconvert's markdown template prefers HTML, then Markdown, then plain text.
                shown = data.get("text/html") or data.get("text/markdown") or data.get("text/plain", "")
            else:
                continue
            for line in shown.splitlines():
                if line.strip():
                    assert line.strip() in markdown, f"markdown export lost the line {line!r}"
