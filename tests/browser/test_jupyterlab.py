"""Notebook 2 in JupyterLab in a real (headless) browser: run it, read it, see a chart drawn
as SVG, interrupt it."""

from __future__ import annotations

import base64
import shutil
import tempfile
import time
from pathlib import Path

import xml.etree.ElementTree as ElementTree

import pytest
from selenium.webdriver.common.by import By

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


def test_committed_pictures_show_in_an_untrusted_notebook(page):
    # A notebook opened from disk is untrusted: JupyterLab sanitizes its Markdown outputs and
    # would not render image/svg+xml; the picture's <img> survives the sanitizer.
    page.wait(30).until(lambda _: drawn_svg_images(page))


def test_run_all_shows_tables_and_plots(page):
    # Clear the committed outputs first, so what we read is what this run printed.
    page.menu("Edit", "Clear Outputs of All Cells")
    page.run_all()
    for text in EXPECTED_TEXT:
        page.wait_for_output(text, 90)
    page.wait_for_kernel_idle(90)
    page.screenshot("notebook-02.png")


CHART_CELL = "data xor\nnet demo = 2 -> 4 tanh -> 1 sigmoid\nloss bce\noptim adam lr=0.05\ntrain 200\nplot loss"
SVG_IMAGE = ".jp-OutputArea-output img[src^='data:image/svg+xml;base64,']"


def drawn_svg_images(page):
    """The output images that hold an SVG picture and that the browser has decoded and drawn."""
    return [
        image for image in page.driver.find_elements(By.CSS_SELECTOR, SVG_IMAGE)
        if page.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
    ]


def test_plot_is_drawn_as_an_svg_chart(page):
    page.append_cell_and_run(CHART_CELL)
    page.wait(60).until(lambda _: drawn_svg_images(page))
    page.wait_for_kernel_idle(30)
    image = drawn_svg_images(page)[-1]
    svg = base64.b64decode(image.get_attribute("src").split("base64,", 1)[1]).decode()
    root = ElementTree.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    labels = {e.get("class"): [] for e in root.iter(namespace + "text")}
    for element in root.iter(namespace + "text"):
        labels[element.get("class")].append(element.text)
    assert labels["axis-title"] == ["step", "loss"]
    assert labels["title"] == ["loss of demo"]
    assert [p.get("data-series") for p in root.iter(namespace + "path")] == ["loss"]
    assert image.size["width"] > 300, image.size
    # The text form stays in the output, folded under the picture.
    assert page.driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output details summary")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
    page.screenshot("svg-chart.png")


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
