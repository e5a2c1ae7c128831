"""What a peer can make the kernel hold: stdin is drained, and every socket refuses frames over
its limit (64 MiB on shell, control and stdin, 64 KiB on iopub and heartbeat) by disconnecting
the sender. Floods through real sockets leave the kernel small and answering."""

import time

import zmq

from kernel_helpers import TIMEOUT, RawZMTPPeer, reply_to, running_kernel

MB = 1024 * 1024
# The kernel itself needs about 25 MB; the floods below sent over a gigabyte before the limits.
PEAK_LIMIT_MB = 300


def memory_mb(pid, field):
    """VmRSS (now) or VmHWM (the peak so far) of process `pid`, in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    raise KeyError(field)


def send_from_new_peer(endpoint, messages):
    """Sends `messages` (lists of frames) from a new DEALER and waits until they have left it."""
    context = zmq.Context()
    try:
        peer = context.socket(zmq.DEALER)
        peer.connect(endpoint)
        for frames in messages:
            peer.send_multipart(frames, copy=False)
        peer.close(linger=20_000)
    finally:
        context.term()


def test_floods_on_every_socket_cost_no_memory_and_the_kernel_keeps_answering():
    with running_kernel() as (km, kc):
        pid = km.provisioner.process.pid
        info = km.get_connection_info()

        def endpoint(name):
            return f"tcp://{info['ip']}:{info[name + '_port']}"

        huge = b"x" * (100 * MB)  # over the 64 MiB limit: the sender is disconnected
        large = b"y" * (20 * MB)  # under it: read and dropped
        started = time.monotonic()
        send_from_new_peer(
            endpoint("stdin"), [[b"<IDS|MSG>", b"", huge]] * 10 + [[b"<IDS|MSG>", b"", large]] * 20
        )
        send_from_new_peer(endpoint("shell"), [[b"<IDS|MSG>", b"", huge]])
        send_from_new_peer(endpoint("control"), [[b"<IDS|MSG>", b"", huge]])
        send_from_new_peer(endpoint("hb"), [[b"p" * MB]])
        assert time.monotonic() - started < 20

        # Still a working kernel on every channel, for the ordinary client.
        assert reply_to(kc, kc.kernel_info())["content"]["status"] == "ok"
        control = kc.session.msg("kernel_info_request", {})
        kc.control_channel.send(control)
        control_reply = kc.get_control_msg(timeout=TIMEOUT)
        assert control_reply["parent_header"]["msg_id"] == control["header"]["msg_id"]
        printed = []
        hook = lambda msg: printed.append(msg["msg_type"])
        result = kc.execute_interactive('print "still here"', timeout=TIMEOUT, output_hook=hook)
        assert result["content"]["status"] == "ok"
        assert "stream" in printed
        assert kc.hb_channel.is_beating()
        assert km.is_alive()

        # Nothing of the floods is held, and they never were all at once.
        assert memory_mb(pid, "VmRSS") < PEAK_LIMIT_MB
        assert memory_mb(pid, "VmHWM") < PEAK_LIMIT_MB


LIMITS = [
    ("shell", "DEALER", 64 * MB),
    ("control", "DEALER", 64 * MB),
    ("stdin", "DEALER", 64 * MB),
    ("iopub", "SUB", 64 * 1024),
    ("hb", "DEALER", 64 * 1024),
]


def test_each_socket_hangs_up_on_a_frame_over_its_limit_before_reading_it():
    # By hand rather than with pyzmq: it needs no body of 64 MiB, and pyzmq's own SUB
    # crashes (in its libzmq) on a subscription of a megabyte.
    with running_kernel() as (km, kc):
        info = km.get_connection_info()
        for channel, socket_type, limit in LIMITS:
            for size, refused in ((limit, False), (limit + 1, True)):
                peer = RawZMTPPeer(info["ip"], info[channel + "_port"], socket_type)
                try:
                    # A subscription starts with 1; the body itself is never sent.
                    peer.send_frame_start(size, b"\x01" if socket_type == "SUB" else b"")
                    assert peer.hung_up(wait=1.0) == refused, (channel, size)
                finally:
                    peer.close()
        assert reply_to(kc, kc.kernel_info())["content"]["status"] == "ok"
        assert kc.hb_channel.is_beating()
