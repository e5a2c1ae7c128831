"""`jupyter console` with the Backprop kernel, driven through a pseudo-terminal (pexpect):
a terminal shows every output's text/plain, pictures included, never their SVG."""

import os
import sys
from pathlib import Path

import pexpect
import pytest

JUPYTER = Path(sys.executable).parent / "jupyter"
PROMPT = r"In \[\d+\]: "


def open_console(**environment):
    """A console at its first prompt, with `environment` added to its (and its kernel's); ended
    when the generator is closed."""
    child = pexpect.spawn(
        str(JUPYTER), ["console", "--kernel", "backprop", "--simple-prompt"],
        env={**os.environ, "TERM": "dumb", **environment}, encoding="utf-8", timeout=120, dimensions=(60, 200),
    )
    child.expect(PROMPT)
    yield child
    # `exit` is a cell for this kernel; end of input ends the console (and its kernel).
    child.sendeof()
    if child.expect([r"exit \(\[y\]/n\)\?", pexpect.EOF]) == 0:
        child.sendline("y")
        child.expect(pexpect.EOF)


@pytest.fixture
def console():
    yield from open_console()


def run(child, line):
    """Sends one statement; returns what the console printed before its next prompt."""
    child.sendline(line)
    child.expect(PROMPT)
    return child.before


def test_console_shows_the_text_of_tables_and_plots(console):
    for line in ["seed 1", "data xor", "net xor = 2 -> 4 tanh -> 1 sigmoid", "loss bce", "optim adam lr=0.05"]:
        run(console, line)
    trained = run(console, "train 200")
    assert "Training summary" in trained
    plot = run(console, "plot loss")
    assert "loss of xor" in plot
    assert "┤" in plot and "step" in plot, plot
    assert "<svg" not in plot and "base64" not in plot
    assert "layer" in run(console, "show summary")


@pytest.fixture
def streaming_console():
    """A console whose kernel starts with `progress stream`, from BACKPROP_PROGRESS."""
    yield from open_console(BACKPROP_PROGRESS="stream")


def assert_progress_advances(child, set_by_statement):
    """jupyter_console does not redraw an updated display (it ignores update_display_data), so in a
    terminal `progress stream` rewrites one line after a carriage return, as tqdm does."""
    for line in ["data xor", "net xor = 2 -> 4 tanh -> 1 sigmoid", "loss bce", "optim sgd lr=0.5"]:
        run(child, line)
    if set_by_statement:
        run(child, "progress stream")
    trained = run(child, "train 100000")
    before_summary = trained.split("Training summary")[0]
    states = [part for part in before_summary.split("\r") if "step" in part]
    assert len(states) >= 3, before_summary
    assert "step      0/100000    0%" in states[0], states[0]
    assert "step 100000/100000  100%" in states[-1], states[-1]
    assert len({state.split("%")[0] for state in states}) >= 3, "the bar advanced"


def test_console_shows_the_progress_bar_advancing_after_progress_stream(console):
    assert_progress_advances(console, set_by_statement=True)


def test_console_started_with_backprop_progress_stream_shows_it_advancing(streaming_console):
    assert_progress_advances(streaming_console, set_by_statement=False)
