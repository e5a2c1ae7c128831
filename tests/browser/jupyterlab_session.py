"""A JupyterLab server from .venv and a headless Chromium driving it, for tests.

JupyterLab serves a scratch copy of notebooks/ on a free local port, so the
test can run and save notebooks without touching the repository.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class JupyterLabServer:
    """`jupyter lab` on 127.0.0.1 with a random token, serving `root`."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log = tempfile.NamedTemporaryFile(prefix="jupyterlab-", suffix=".log", delete=False)
        jupyter = Path(sys.executable).parent / "jupyter"
        self.process = subprocess.Popen(
            [
                str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
                "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=True",
            ] + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, "JUPYTER_NO_CONFIG": "1"},
        )
        self._wait_until_up()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited early; see {self.log.name}")
            try:
                urllib.request.urlopen(self.url("api/status"), timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"jupyter lab did not start within {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def headless_chromium() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1800"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


class NotebookPage:
    """One notebook open in JupyterLab, driven through its menus and toolbar."""

    def __init__(self, driver: webdriver.Chrome, server: JupyterLabServer, name: str):
        self.driver = driver
        driver.get(server.url(f"lab/tree/{name}"))
        self.wait(60).until(conditions.presence_of_element_located((By.CSS_SELECTOR, ".jp-Notebook")))
        self._accept_kernel_dialog()
        self.wait_for_kernel_idle(60)

    def _accept_kernel_dialog(self) -> None:
        """Confirms the notebook's own kernel if JupyterLab asks which kernel to start."""
        try:
            self.wait(8).until(conditions.element_to_be_clickable((By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept")))
        except TimeoutException:
            return
        self.driver.find_element(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept").click()

    def wait(self, seconds: float) -> WebDriverWait:
        return WebDriverWait(self.driver, seconds, poll_frequency=0.2, ignored_exceptions=(WebDriverException,))

    def kernel_status(self) -> str:
        # The toolbar's kernel indicator names its state in its title, e.g. "Kernel Idle".
        indicators = self.driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator")
        return (indicators[0].get_attribute("data-status") or "") if indicators else ""

    def wait_for_kernel_idle(self, seconds: float) -> None:
        self.wait(seconds).until(lambda _: self.kernel_status() == "idle")

    def menu(self, menu: str, item: str) -> None:
        self.driver.find_element(
            By.XPATH, f"//div[contains(@class,'lm-MenuBar-itemLabel') and normalize-space()='{menu}']"
        ).click()
        self.wait(10).until(conditions.element_to_be_clickable((
            By.XPATH, f"//div[contains(@class,'lm-Menu-itemLabel') and normalize-space()='{item}']"
        ))).click()

    def run_all(self) -> None:
        self.menu("Run", "Run All Cells")

    def interrupt(self) -> None:
        self.driver.find_element(By.CSS_SELECTOR, "[data-command='notebook:interrupt-kernel']").click()

    def output_text(self) -> str:
        return "\n".join(e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output"))

    def wait_for_output(self, text: str, seconds: float) -> None:
        self.wait(seconds).until(lambda _: text in self.output_text())

    def append_cell_and_run(self, source: str) -> None:
        """Adds a code cell at the end (the notebook's "Click to add a cell" footer), types `source`, runs it."""
        count = len(self.driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell"))
        self.driver.find_element(By.CSS_SELECTOR, ".jp-Notebook-footer").click()
        self.wait(10).until(
            lambda _: len(self.driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")) == count + 1
        )
        editor = self.driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")[-1].find_element(
            By.CSS_SELECTOR, ".cm-content"
        )
        editor.click()
        editor.send_keys(source)
        editor.send_keys(Keys.SHIFT, Keys.ENTER)

    def dismiss_notifications(self) -> None:
        """Closes JupyterLab's toasts (such as its news question) so screenshots show the notebook."""
        for button in self.driver.find_elements(By.CSS_SELECTOR, ".jp-toast-button, .Toastify__close-button"):
            try:
                if button.text.strip() in ("No", "") and button.is_displayed():
                    button.click()
            except WebDriverException:
                pass
        # Toasts fade out; give them time to leave the page (a toast left over only spoils the picture).
        try:
            self.wait(3).until(lambda _: not any(
                e.is_displayed() for e in self.driver.find_elements(By.CSS_SELECTOR, ".Toastify__toast")))
        except TimeoutException:
            pass

    def screenshot(self, name: str) -> Path:
        self.dismiss_notifications()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.driver.save_screenshot(str(path))
        return path
