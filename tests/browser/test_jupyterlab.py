"""Notebook 2 in JupyterLab in a real (headless) browser: run it, read it, interrupt it."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from jupyterlab_session import REPO, JupyterLabServer, NotebookPage, headless_chromium

NOTEBOOK = "02-backprop-by-hand.ipynb"
# Text the notebook's outputs show once every cell has run.
EXPECTED_TEXT = ["0.75136507", "gradient check of hand: all agree"]


@pytest.fixture(scope="module")
def page():
    if not (REPO / "notebooks" / NOTEBOOK).exists():
        pytest.fail(f"notebooks/{NOTEBOOK} is missing")
    with tempfile.TemporaryDirectory(prefix="backprop-lab-") as scratch:
        root = Path(scratch) / "notebooks"
        shutil.copytree(REPO / "notebooks", root)
        server = JupyterLabServer(root)
        driver = headless_chromium()
        try:
            yield NotebookPage(driver, server, NOTEBOOK)
        finally:
            driver.quit()
            server.stop()


def test_run_all_shows_tables_and_plots(page):
    # Clear the committed outputs first, so what we read is what this run printed.
    page.menu("Edit", "Clear Outputs of All Cells")
    page.run_all()
    for text in EXPECTED_TEXT:
        page.wait_for_output(text, 90)
    page.wait_for_kernel_idle(90)
    page.screenshot("notebook-02.png")


def test_stop_button_interrupts_training_and_kernel_stays(page):
    page.append_cell_and_run("train 100000000 every=1000")
    page.wait(30).until(lambda _: page.kernel_status() == "busy")
    time.sleep(1.5)
    started = time.monotonic()
    page.interrupt()
    page.wait_for_output("Interrupted", 10)
    page.wait_for_kernel_idle(10)
    assert time.monotonic() - started < 5
    page.screenshot("notebook-02-interrupted.png")
    page.append_cell_and_run('print "still here"')
    page.wait_for_output("still here", 20)
