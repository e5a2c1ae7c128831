"""Interrupting a running cell by control message and by SIGINT."""

import os
import signal
import time

from kernel_helpers import TIMEOUT, reply_to, running_kernel


def wait_until_running(kc, msg_id):
    """Returns once the kernel has announced the cell with execute_input."""
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return


def interrupt_and_measure(km, kc, interrupt):
    msg_id = kc.execute("sleep 10")
    wait_until_running(kc, msg_id)
    time.sleep(0.1)
    started = time.monotonic()
    interrupt()
    reply = reply_to(kc, msg_id, timeout=5)
    elapsed = time.monotonic() - started
    return reply, elapsed


def check_interrupted(km, kc, reply, elapsed):
    assert elapsed < 0.5, f"interrupt took {elapsed:.3f} s"
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    assert km.is_alive()
    after = kc.execute_interactive('print "alive"', timeout=TIMEOUT)
    assert after["content"]["status"] == "ok"


def test_interrupt_request_through_kernel_manager():
    with running_kernel() as (km, kc):
        assert km.kernel_spec.interrupt_mode == "message"
        reply, elapsed = interrupt_and_measure(km, kc, km.interrupt_kernel)
        check_interrupted(km, kc, reply, elapsed)


def test_sigint_interrupts_the_cell_and_not_the_kernel():
    with running_kernel() as (km, kc):
        pid = km.provisioner.process.pid
        reply, elapsed = interrupt_and_measure(km, kc, lambda: os.kill(pid, signal.SIGINT))
        check_interrupted(km, kc, reply, elapsed)


def test_interrupt_reply_comes_at_once_on_control():
    with running_kernel() as (km, kc):
        running = kc.execute("sleep 10")
        wait_until_running(kc, running)
        msg = kc.session.msg("interrupt_request", {})
        started = time.monotonic()
        kc.control_channel.send(msg)
        reply = kc.get_control_msg(timeout=TIMEOUT)
        assert time.monotonic() - started < 0.5
        assert reply["msg_type"] == "interrupt_reply"
        assert reply["content"]["status"] == "ok"
        assert reply_to(kc, running)["content"]["ename"] == "Interrupted"
