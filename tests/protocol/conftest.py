"""Points Jupyter at a freshly installed Backprop kernelspec before any test starts.

The binary comes from $BACKPROP (an absolute path; the Makefile sets it to the release
build) or else the debug build of this checkout. The kernelspec is installed with the
binary's own `install --prefix` into a temporary directory that leads JUPYTER_PATH, and
history goes to a temporary XDG_DATA_HOME, so tests never touch the user's files.
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from kernel_helpers import backprop_binary


def pytest_configure(config: pytest.Config) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="backprop-protocol-"))
    subprocess.run(
        [str(backprop_binary()), "install", "--prefix", str(scratch / "prefix")],
        check=True,
        capture_output=True,
    )
    jupyter_path = str(scratch / "prefix" / "share" / "jupyter")
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = jupyter_path + (os.pathsep + previous if previous else "")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    os.environ["BACKPROP_TEST_SCRATCH"] = str(scratch)
