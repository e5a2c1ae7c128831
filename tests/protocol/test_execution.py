"""Execution semantics against the real process: abort after an error, two clients, counters."""

from jupyter_client import BlockingKernelClient

from kernel_helpers import TIMEOUT, drain, iopub_until_idle, reply_to, running_kernel


def test_stop_on_error_aborts_an_execute_already_queued():
    with running_kernel() as (km, kc):
        # The error must come after the sleep, at run time (`train` with no net yet): an
        # unknown command fails the cell's check before anything runs, and the queued
        # request could then arrive after the error and rightly run.
        failing = kc.execute("sleep 0.5\ntrain")
        queued = kc.execute('print "must not run"')
        first = reply_to(kc, failing)
        second = reply_to(kc, queued)
        assert first["content"]["status"] == "error"
        assert first["content"]["ename"] == "NameError"
        assert second["content"]["status"] == "error"
        outputs = iopub_until_idle(kc, queued)
        assert [m["msg_type"] for m in outputs] == ["status", "status"], "aborted: busy and idle only"

        # The abort ends with the queue: the next request runs.
        later = kc.execute_interactive('print "runs again"', timeout=TIMEOUT)
        assert later["content"]["status"] == "ok"


def test_stop_on_error_false_keeps_running_the_queue():
    with running_kernel() as (km, kc):
        failing = kc.execute("sleep 0.3\ntrain", stop_on_error=False)
        queued = kc.execute("42")
        assert reply_to(kc, failing)["content"]["status"] == "error"
        assert reply_to(kc, queued)["content"]["status"] == "ok"


def test_two_clients_both_receive_iopub():
    with running_kernel() as (km, kc):
        other = BlockingKernelClient()
        other.load_connection_info(km.get_connection_info())
        other.start_channels()
        try:
            other.wait_for_ready(timeout=TIMEOUT)
            drain(other.iopub_channel)
            drain(kc.iopub_channel)
            msg_id = kc.execute('print "shared"')
            for client in (kc, other):
                streams = [m for m in iopub_until_idle(client, msg_id) if m["msg_type"] == "stream"]
                assert [m["content"]["text"] for m in streams] == ["shared\n"]
        finally:
            other.stop_channels()


def test_execution_count_skips_silent_and_unstored_cells():
    with running_kernel() as (km, kc):
        counts = []
        for kwargs in ({}, {"silent": True}, {"store_history": False}, {}):
            reply = reply_to(kc, kc.execute("42", **kwargs))
            counts.append(reply["content"]["execution_count"])
        assert counts == [1, 1, 1, 2]


def test_silent_cells_publish_only_status():
    with running_kernel() as (km, kc):
        drain(kc.iopub_channel)
        msg_id = kc.execute('print "quiet"', silent=True)
        assert [m["msg_type"] for m in iopub_until_idle(kc, msg_id)] == ["status", "status"]


def test_complete_cursor_counts_code_points():
    with running_kernel() as (km, kc):
        # Characters outside the BMP count once: a UTF-16 or UTF-8 count would be off.
        code = 'print "ü😀"\npr'
        reply = reply_to(kc, kc.complete(code, cursor_pos=len(code)))["content"]
        assert set(reply["matches"]) == {"print", "predict", "progress"}
        assert (reply["cursor_start"], reply["cursor_end"]) == (len(code) - 2, len(code))


def test_user_expressions_are_answered_empty():
    with running_kernel() as (km, kc):
        reply = reply_to(kc, kc.execute("42", user_expressions={"x": "1+1"}))
        assert reply["content"]["user_expressions"] == {}
