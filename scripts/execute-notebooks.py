"""Re-runs notebooks with the Backprop kernel and saves them with their new outputs.

    .venv/bin/python scripts/execute-notebooks.py [notebooks/NAME.ipynb ...]

With no arguments, every notebook in notebooks/. The notebook tests compare a
fresh run with what this wrote, so run it after a change that is meant to alter
a result, and read the diff before committing. Timings are masked in what it
writes, so the diff shows only results.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "notebooks"))
from notebook_outputs import NOTEBOOKS, execute, strip_timings  # noqa: E402


def main(arguments: list[str]) -> int:
    paths = [Path(a) for a in arguments] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        executed = execute(path)
        errors = [
            o for c in executed.cells for o in c.get("outputs", [])
            if o["output_type"] == "error" and "raises-exception" not in c.metadata.get("tags", [])
        ]
        strip_timings(executed)
        nbformat.write(executed, path)
        status = f"{len(errors)} unexpected error(s)" if errors else "ok"
        print(f"{path}: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
