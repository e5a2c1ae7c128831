"""What a peer can make the kernel hold: stdin is drained, so floods through real sockets leave
the kernel small and answering."""

import zmq

from kernel_helpers import TIMEOUT, reply_to, running_kernel

MB = 1024 * 1024
# The kernel itself needs about 25 MB; the floods below sent 400 MB.
PEAK_LIMIT_MB = 300


def memory_mb(pid, field):
    """VmRSS (now) or VmHWM (the peak so far) of process `pid`, in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    raise KeyError(field)


def send_from_new_peer(endpoint, messages, socket_type=zmq.DEALER):
    """Sends `messages` (lists of frames) from a new peer and waits until they have left it."""
    context = zmq.Context()
    try:
        peer = context.socket(socket_type)
        peer.connect(endpoint)
        for frames in messages:
            peer.send_multipart(frames, copy=False)
        peer.close(linger=20_000)
    finally:
        context.term()


def test_a_stdin_flood_is_dropped_and_the_kernel_keeps_answering():
    with running_kernel() as (km, kc):
        pid = km.provisioner.process.pid
        info = km.get_connection_info()
        large = b"y" * (20 * MB)
        send_from_new_peer(f"tcp://{info['ip']}:{info['stdin_port']}", [[b"<IDS|MSG>", b"", large]] * 20)

        assert reply_to(kc, kc.kernel_info())["content"]["status"] == "ok"
        result = kc.execute_interactive('print "still here"', timeout=TIMEOUT, output_hook=lambda m: None)
        assert result["content"]["status"] == "ok"
        assert km.is_alive()
        assert memory_mb(pid, "VmRSS") < PEAK_LIMIT_MB
        assert memory_mb(pid, "VmHWM") < PEAK_LIMIT_MB
