"""`save` and `export` under a file-size limit (`prlimit --fsize`, `ulimit -f`), through `backprop run`.

Without SIGXFSZ ignored, the first write past the limit ended the process and left its
temporary file behind. Now each write is a FileError naming the limit, the old file stays
as it was, no temporary file is left, and the script goes on to its next cell.
"""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

from test_backprop_run import binary

LIMIT = 4096
SCRIPT = """\
data xor
net big = 2 -> 60 tanh -> 60 tanh -> 1 sigmoid
train 300
save big "big.safetensors"
# %%
export history "history.tsv"
# %%
print "still running"
"""


def limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def test_writes_past_the_file_size_limit_are_file_errors(tmp_path: Path):
    (tmp_path / "script.bp").write_text(SCRIPT)
    old = b"x" * (2 * LIMIT)  # written before the limit: it must survive untouched
    (tmp_path / "big.safetensors").write_bytes(old)
    (tmp_path / "history.tsv").write_bytes(old)
    done = subprocess.run(
        [str(binary()), "run", "--keep-going", "script.bp"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=limit_file_size,
    )
    assert done.returncode == 1, f"exit {done.returncode}\n{done.stderr}"
    reason = "it would pass this process's file-size limit (ulimit -f); any existing file is unchanged"
    headers = [line for line in done.stderr.splitlines() if line.startswith("FileError: ")]
    assert headers == [
        f"FileError: cannot write '{name}': {reason}" for name in ("big.safetensors", "history.tsv")
    ], done.stderr
    assert "still running" in done.stdout.splitlines(), done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.safetensors", "history.tsv", "script.bp"]
    assert (tmp_path / "big.safetensors").read_bytes() == old
    assert (tmp_path / "history.tsv").read_bytes() == old
