"""The language's script tests (Tests/LanguageTests/Scripts/*.bp) run by the real `backprop run`.

The Swift script tests check every expectation line exactly through the same ScriptRunner;
here the binary a user runs must show each `# expect:` line on stdout and each
`# expect-error:` as a traceback header on stderr, in order, and exit 1 when errors occur.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from backprop_binary import binary

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((REPO / "Tests" / "LanguageTests" / "Scripts").glob("*.bp"))
EXPECT = re.compile(r"# expect: ?(.*)$")
EXPECT_ERROR = re.compile(r"# expect-error: (.*)$")


def in_order(wanted: list[str], lines: list[str]) -> str | None:
    """The first wanted line not found after the previous one, or None when all are there."""
    position = 0
    for line in wanted:
        try:
            position = lines.index(line, position) + 1
        except ValueError:
            return line
    return None


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_script_through_backprop_run(script: Path, tmp_path: Path):
    source = script.read_text()
    expected_out = [m.group(1).rstrip() for m in map(EXPECT.search, source.splitlines()) if m]
    expected_errors = [m.group(1) for m in map(EXPECT_ERROR.search, source.splitlines()) if m]
    # Scripts that save or export write into a scratch folder, never the repository.
    done = subprocess.run(
        [str(binary()), "run", "--keep-going", str(script)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    stdout = [line.rstrip() for line in done.stdout.splitlines()]
    stderr = done.stderr.splitlines()
    missing = in_order(expected_out, stdout)
    assert missing is None, f"stdout lacks {missing!r}:\n{done.stdout}"
    error_headers = [line for line in stderr if re.match(r"^[A-Za-z]+Error: |^Interrupted: ", line)]
    missing = in_order(expected_errors, error_headers)
    assert missing is None, f"stderr lacks {missing!r}:\n{done.stderr}"
    assert done.returncode == (1 if expected_errors else 0), done.stderr
