"""The channels around the shell: heartbeat, control kernel_info, and a quiet stdout."""

import subprocess

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager

from kernel_helpers import TIMEOUT, running_kernel


def test_heartbeat_echoes():
    with running_kernel() as (km, kc):
        context = zmq.Context.instance()
        socket = context.socket(zmq.REQ)
        socket.linger = 0
        info = km.get_connection_info()
        socket.connect(f"tcp://{info['ip']}:{info['hb_port']}")
        for payload in (b"ping", b"\x00\xff" * 100):
            socket.send(payload)
            assert socket.poll(TIMEOUT * 1000)
            assert socket.recv() == payload
        socket.close()


def test_kernel_info_on_control():
    with running_kernel() as (km, kc):
        msg = kc.session.msg("kernel_info_request", {})
        kc.control_channel.send(msg)
        reply = kc.get_control_msg(timeout=TIMEOUT)
        assert reply["msg_type"] == "kernel_info_reply"
        assert reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]
        assert reply["content"]["language_info"]["name"] == "backprop"


def test_kernel_logs_to_stderr_and_never_to_stdout(tmp_path):
    connection_file, info = write_connection_file(str(tmp_path / "c.json"), key=b"k3y")
    argv = KernelSpecManager().get_kernel_spec("backprop").argv
    process = subprocess.Popen(
        [part.format(connection_file=connection_file) for part in argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    kc = BlockingKernelClient(connection_file=connection_file)
    kc.load_connection_file()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", b"bad signature", b"{}", b"{}", b"{}", b"{}"])
        assert kc.execute_interactive('print "x"', timeout=TIMEOUT)["content"]["status"] == "ok"
        kc.shutdown()
        out, err = process.communicate(timeout=10)
    finally:
        kc.stop_channels()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert out == b""
    assert b"signature does not match" in err


def test_connection_file_errors_are_reported():
    result = subprocess.run(
        [KernelSpecManager().get_kernel_spec("backprop").argv[0], "kernel", "/nonexistent/connection.json"],
        capture_output=True,
        timeout=10,
    )
    assert result.returncode != 0
    assert result.stdout == b""
    assert b"/nonexistent/connection.json" in result.stderr


def test_kernel_survives_a_closed_stderr(tmp_path):
    connection_file, info = write_connection_file(str(tmp_path / "c.json"), key=b"k3y")
    argv = KernelSpecManager().get_kernel_spec("backprop").argv
    process = subprocess.Popen(
        [part.format(connection_file=connection_file) for part in argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    process.stderr.close()  # nobody reads the log any more
    kc = BlockingKernelClient(connection_file=connection_file)
    kc.load_connection_file()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        for _ in range(3):  # each one is logged
            kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", b"bad", b"{}", b"{}", b"{}", b"{}"])
        assert kc.execute_interactive("42", timeout=TIMEOUT)["content"]["status"] == "ok"
        assert process.poll() is None
        kc.shutdown()
        assert process.wait(timeout=10) == 0
    finally:
        kc.stop_channels()
        if process.poll() is None:
            process.kill()
