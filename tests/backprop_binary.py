"""The `backprop` binary the Python tests run: $BACKPROP (the Makefile sets the release build),
or the repository's own build of the given configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def binary(configuration: str = "debug") -> Path:
    configured = os.environ.get("BACKPROP")
    path = Path(configured) if configured else REPO / ".build" / configuration / "backprop"
    if not path.is_file():
        pytest.fail(f"no backprop binary at {path}; build it or set BACKPROP")
    return path
