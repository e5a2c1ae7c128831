"""The language as a notebook meets it, through jupyter_client against the real kernel:
training's progress display updated in place, interrupting a long `train`, completion
and inspection of session names, and error tracebacks with a caret."""

import re
import threading
import time

from kernel_helpers import iopub_until_idle, reply_to, running_kernel

SETUP = "\n".join([
    "seed 1",
    "data xor",
    "net xor = 2 -> 4 tanh -> 1 sigmoid",
    "loss bce",
    "optim sgd lr=0.5",
])


def execute(kc, code, timeout=60):
    """Runs `code`; returns its execute_reply and the iopub messages it caused."""
    msg_id = kc.execute(code)
    messages = iopub_until_idle(kc, msg_id, timeout=timeout)
    return reply_to(kc, msg_id, timeout=timeout), messages


def plain_value(kc, code):
    reply, messages = execute(kc, code)
    assert reply["content"]["status"] == "ok", reply["content"]
    results = [m for m in messages if m["msg_type"] == "execute_result"]
    assert len(results) == 1, [m["msg_type"] for m in messages]
    return results[0]["content"]["data"]["text/plain"]


def test_training_progress_is_one_display_updated_in_place():
    with running_kernel() as (km, kc):
        execute(kc, SETUP)
        started = time.monotonic()
        reply, messages = execute(kc, "train 40000")
        elapsed = time.monotonic() - started
        assert reply["content"]["status"] == "ok"
        shown = [m for m in messages if m["msg_type"] == "display_data" and m["content"].get("transient")]
        updates = [m for m in messages if m["msg_type"] == "update_display_data"]
        assert len(shown) == 1, "training opens exactly one progress display"
        display_id = shown[0]["content"]["transient"]["display_id"]
        assert display_id
        assert updates, "the progress display is updated"
        assert {u["content"]["transient"]["display_id"] for u in updates} == {display_id}
        # A few updates a second at most, plus the final one.
        assert len(updates) <= 5 * elapsed + 2, (len(updates), elapsed)
        assert "40000/40000" in updates[-1]["content"]["data"]["text/plain"]
        # It ends in a summary table in both its forms (Markdown, not HTML, so that a
        # Markdown export keeps it as a table).
        summary = [m for m in messages if m["msg_type"] == "display_data" and not m["content"].get("transient")]
        assert summary, "a summary table follows the progress display"
        assert set(summary[-1]["content"]["data"]) == {"text/plain", "text/markdown"}


def test_interrupted_training_keeps_its_last_complete_step():
    with running_kernel() as (km, kc):
        execute(kc, SETUP)
        msg_id = kc.execute("train 100000000")
        threading.Timer(1.0, km.interrupt_kernel).start()
        interrupted_at = None
        messages = iopub_until_idle(kc, msg_id, timeout=30)
        reply = reply_to(kc, msg_id)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "Interrupted"
        errors = [m for m in messages if m["msg_type"] == "error"]
        assert errors and errors[0]["content"]["ename"] == "Interrupted"
        match = re.search(r"step (\d+)", errors[0]["content"]["evalue"])
        assert match, errors[0]["content"]["evalue"]
        interrupted_at = int(match.group(1))
        assert interrupted_at > 0
        # The session holds exactly the steps the error named, and its history agrees.
        assert plain_value(kc, "xor.steps") == str(interrupted_at)
        # And it goes on from there.
        execute(kc, "train steps=10")
        assert plain_value(kc, "xor.steps") == str(interrupted_at + 10)


def test_completion_knows_commands_options_and_session_names():
    with running_kernel() as (km, kc):
        execute(kc, SETUP)

        def matches(code):
            reply = reply_to(kc, kc.complete(code, cursor_pos=len(code)))["content"]
            assert reply["status"] == "ok"
            return set(reply["matches"])

        assert {"adam", "adamw"} <= matches("optim ad")
        assert "xor.L1" in matches("xor.L") and "xor.L2" in matches("xor.L")
        assert "xor.L1.W" in matches("xor.L1.")
        assert any(m.startswith("batch") for m in matches("train 10 ba"))
        assert "tanh" in matches("net m = 2 -> 3 ta")


def test_inspect_shows_help_and_parameter_statistics():
    with running_kernel() as (km, kc):
        execute(kc, SETUP)
        reply = reply_to(kc, kc.inspect("train 100", cursor_pos=2))["content"]
        assert reply["found"] and "batch" in reply["data"]["text/plain"]
        reply = reply_to(kc, kc.inspect("xor.L1.W", cursor_pos=8))["content"]
        text = reply["data"]["text/plain"]
        assert reply["found"] and "[2, 4]" in text, text


def test_error_traceback_has_a_caret_under_the_offending_token():
    with running_kernel() as (km, kc):
        reply, _ = execute(kc, 'print "ok"\noptim adma lr=0.1')
        content = reply["content"]
        assert content["status"] == "error"
        assert content["ename"] == "NameError"
        assert "adma" in content["evalue"]
        lines = content["traceback"]
        assert any("line 2, column 7" in line for line in lines), lines
        source = next(i for i, line in enumerate(lines) if "optim adma lr=0.1" in line)
        caret = lines[source + 1]
        assert caret.index("^") == lines[source].index("adma"), (lines[source], caret)
        assert any("did you mean 'adam'" in line for line in lines), lines


def test_statements_before_a_runtime_error_stay_done():
    with running_kernel() as (km, kc):
        reply, messages = execute(kc, 'print "ok"\nuse nett')
        assert reply["content"]["ename"] == "NameError"
        assert "nett" in reply["content"]["evalue"]
        assert any(m["msg_type"] == "stream" and m["content"]["text"] == "ok\n" for m in messages)
