"""The history file as a real kernel meets it: a named pipe in its place must not hold up
start-up, and appends past the file-size limit (`ulimit -f`) must not kill the kernel."""

import os
import shutil
import stat
import subprocess
import time

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager

from kernel_helpers import TIMEOUT, reply_to


def start_kernel(tmp_path, data_home, prefix=()):
    """A kernel process whose history lives under `data_home`, started through `prefix`."""
    connection_file, _ = write_connection_file(str(tmp_path / "c.json"), key=b"k3y")
    argv = KernelSpecManager().get_kernel_spec("backprop").argv
    process = subprocess.Popen(
        [*prefix, *(part.format(connection_file=connection_file) for part in argv)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ, XDG_DATA_HOME=str(data_home)),
    )
    kc = BlockingKernelClient(connection_file=connection_file)
    kc.load_connection_file()
    kc.start_channels()
    return process, kc


def stop_kernel(process, kc):
    """Shuts the kernel down and returns its stderr."""
    try:
        kc.shutdown()
        _, err = process.communicate(timeout=10)
        return err.decode()
    finally:
        kc.stop_channels()
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_named_pipe_as_history_file_costs_a_warning_not_the_start(tmp_path):
    data_home = tmp_path / "data"
    (data_home / "backprop").mkdir(parents=True)
    pipe = data_home / "backprop" / "history.jsonl"
    os.mkfifo(pipe)
    started = time.monotonic()
    process, kc = start_kernel(tmp_path, data_home)
    try:
        kc.wait_for_ready(timeout=5)
        ready = time.monotonic() - started
        assert kc.execute_interactive('print "kept"', timeout=TIMEOUT)["content"]["status"] == "ok"
        history = reply_to(kc, kc.history(hist_access_type="tail", n=5))["content"]["history"]
        assert [entry[2] for entry in history] == ['print "kept"'], "kept in memory"
    finally:
        err = stop_kernel(process, kc)
    assert ready < 5
    assert process.returncode == 0
    warnings = [line for line in err.splitlines() if "history" in line]
    assert len(warnings) == 1 and "named pipe" in warnings[0], err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode), "the pipe is left alone"


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs util-linux's prlimit")
def test_history_appends_past_the_file_size_limit_are_warnings(tmp_path):
    data_home = tmp_path / "data"
    process, kc = start_kernel(tmp_path, data_home, prefix=("prlimit", "--fsize=4096"))
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        for index in range(6):  # about 1 KB of history each
            code = f'print "{index}{"x" * 1000}"'
            reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda msg: None)
            assert reply["content"]["status"] == "ok"
        assert process.poll() is None, "SIGXFSZ did not end the kernel"
        history = reply_to(kc, kc.history(hist_access_type="tail", n=10))["content"]["history"]
        assert 1 <= len(history) < 6, "what fits is kept and readable"
    finally:
        err = stop_kernel(process, kc)
    assert process.returncode == 0
    assert "File too large" in err, err
    assert (data_home / "backprop" / "history.jsonl").stat().st_size <= 4096
