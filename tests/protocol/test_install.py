"""`backprop install`: where it writes the kernelspec, and what the kernelspec says."""

import json
import os
import subprocess
from pathlib import Path

from kernel_helpers import backprop_binary


def install(*args, env=None):
    return subprocess.run(
        [str(backprop_binary()), "install", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=dict(os.environ, **(env or {})),
    )


def test_prefix_install_points_at_the_absolute_binary(tmp_path):
    result = install("--prefix", str(tmp_path), "--name", "bp-prefix")
    assert result.returncode == 0, result.stderr
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "bp-prefix"
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["argv"] == [str(backprop_binary().resolve()), "kernel", "-f", "{connection_file}"]
    assert spec["interrupt_mode"] == "message"
    assert spec["display_name"] == "Backprop"
    assert spec["language"] == "backprop"
    for logo in ("logo-32x32.png", "logo-64x64.png"):
        assert (spec_dir / logo).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (spec_dir / "logo-svg.svg").read_text().startswith("<svg")


def test_user_and_sys_prefix_installs(tmp_path):
    result = install("--user", env={"JUPYTER_DATA_DIR": str(tmp_path / "user")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "user" / "kernels" / "backprop" / "kernel.json").is_file()

    result = install("--sys-prefix", env={"VIRTUAL_ENV": str(tmp_path / "venv")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "venv" / "share" / "jupyter" / "kernels" / "backprop" / "kernel.json").is_file()


def test_conflicting_locations_are_refused(tmp_path):
    result = install("--user", "--prefix", str(tmp_path))
    assert result.returncode != 0
    assert "--prefix" in result.stderr
    assert not any(Path(tmp_path).iterdir())
