"""Shutdown, restart and history that survives restarts, through KernelManager."""

import time

from jupyter_client.manager import KernelManager

from kernel_helpers import TIMEOUT, reply_to, running_kernel


def test_shutdown_request_exits_the_process_cleanly():
    km = KernelManager(kernel_name="backprop")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        process = km.provisioner.process
        started = time.monotonic()
        km.shutdown_kernel(now=False)
        assert time.monotonic() - started < 3
        assert not km.is_alive()
        assert process.returncode == 0
    finally:
        kc.stop_channels()


def test_shutdown_reply_echoes_restart_on_control_and_shell():
    for channel in ("control", "shell"):
        km = KernelManager(kernel_name="backprop")
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            msg = kc.session.msg("shutdown_request", {"restart": True})
            getattr(kc, f"{channel}_channel").send(msg)
            reply = getattr(kc, f"get_{channel}_msg")(timeout=TIMEOUT)
            assert reply["msg_type"] == "shutdown_reply"
            assert reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]
            assert reply["content"] == {"status": "ok", "restart": True}
            process = km.provisioner.process
            process.wait(timeout=5)
            assert process.returncode == 0
        finally:
            kc.stop_channels()
            km.cleanup_resources()


def test_restart_gives_a_fresh_process_that_remembers_history():
    with running_kernel() as (km, kc):
        marker = '"restart marker"'
        assert kc.execute_interactive(marker, timeout=TIMEOUT)["content"]["status"] == "ok"
        first = reply_to(kc, kc.history(hist_access_type="tail", n=1))["content"]["history"]
        session_before = first[-1][0]
        pid_before = km.provisioner.process.pid

        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        assert km.provisioner.process.pid != pid_before

        result = kc.execute_interactive("42", timeout=TIMEOUT)
        assert result["content"]["execution_count"] == 1, "a new process counts from 1"
        history = reply_to(kc, kc.history(hist_access_type="tail", n=2))["content"]["history"]
        assert [entry[2] for entry in history] == [marker, "42"]
        assert history[1][0] == session_before + 1
        previous = reply_to(kc, kc.history(hist_access_type="range", session=-1, start=1, stop=None))
        assert marker in [entry[2] for entry in previous["content"]["history"]]
