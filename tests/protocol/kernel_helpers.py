"""Starting Backprop kernels and talking to them below the client API, for the protocol tests."""

import os
import socket
import struct
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import zmq
from jupyter_client.manager import KernelManager

TIMEOUT = 10
REPO = Path(__file__).resolve().parents[2]


def backprop_binary() -> Path:
    """$BACKPROP (an absolute path), else this checkout's debug build."""
    configured = os.environ.get("BACKPROP")
    binary = Path(configured) if configured else REPO / ".build" / "debug" / "backprop"
    if not binary.is_file():
        raise pytest.UsageError(f"no backprop binary at {binary}; build it or set BACKPROP")
    return binary


@contextmanager
def running_kernel():
    """A started Backprop kernel and a ready blocking client; shut down afterwards."""
    km = KernelManager(kernel_name="backprop")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=False)


def drain(channel, quiet=0.2):
    """Every message that arrives on a client channel until it has been quiet for `quiet` seconds."""
    messages = []
    while True:
        try:
            messages.append(channel.get_msg(timeout=quiet))
        except Exception:
            return messages


def reply_to(kc, msg_id, timeout=TIMEOUT):
    """The shell reply whose parent is `msg_id`, skipping others."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply
    raise TimeoutError(f"no reply to {msg_id}")


def iopub_until_idle(kc, msg_id, timeout=TIMEOUT):
    """The iopub messages caused by `msg_id`, up to and including its idle status."""
    found = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        found.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return found
    raise TimeoutError(f"no idle for {msg_id}")


class RawSockets:
    """A raw DEALER on shell and a SUB on iopub, to send frames no client library would."""

    def __init__(self, km):
        self.context = zmq.Context()
        info = km.get_connection_info()
        self.session = km.session
        self.shell = self.context.socket(zmq.DEALER)
        self.shell.linger = 0
        self.shell.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        self.iopub = self.context.socket(zmq.SUB)
        self.iopub.linger = 0
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(f"tcp://{info['ip']}:{info['iopub_port']}")

    def wait_for_welcome(self):
        """Waits for the iopub_welcome that says the subscription is in place."""
        assert self.iopub.poll(TIMEOUT * 1000), "no iopub_welcome"
        _, msg = self.session.feed_identities(self.iopub.recv_multipart())
        assert self.session.deserialize(msg)["msg_type"] == "iopub_welcome"

    def signed_parts(self, msg_type, content, header_override=None):
        """The four JSON parts of a message, and their signature."""
        msg = self.session.msg(msg_type, content)
        header = dict(msg["header"], **(header_override or {}))
        parts = [self.session.pack(p) for p in (header, {}, {}, content)]
        return parts, self.session.sign(parts), msg["header"]["msg_id"]

    def send(self, frames):
        self.shell.send_multipart(frames)

    def shell_replies(self, quiet=1.0):
        replies = []
        while self.shell.poll(int(quiet * 1000)):
            _, msg = self.session.feed_identities(self.shell.recv_multipart())
            replies.append(self.session.deserialize(msg))
        return replies

    def iopub_messages(self, quiet=1.0):
        messages = []
        while self.iopub.poll(int(quiet * 1000)):
            _, msg = self.session.feed_identities(self.iopub.recv_multipart())
            messages.append(self.session.deserialize(msg))
        return messages

    def close(self):
        self.context.destroy(linger=0)


class RawZMTPPeer:
    """A ZeroMQ peer written by hand (ZMTP 3.0, NULL mechanism) over a plain TCP socket, to send
    a frame header without its body and see whether the kernel hangs up: what libzmq does on
    receiving the length of a frame over its ZMQ_MAXMSGSIZE, before any body byte is read."""

    def __init__(self, host, port, socket_type):
        self.connection = socket.create_connection((host, port), timeout=TIMEOUT)
        # Signature, version 3.0, mechanism NULL, as-server 0, filler.
        greeting = b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" * 32
        self.connection.sendall(greeting)
        self._read_exactly(64)
        name, value = b"Socket-Type", socket_type.encode()
        ready = b"\x05READY" + bytes([len(name)]) + name + struct.pack(">I", len(value)) + value
        self.connection.sendall(b"\x04" + bytes([len(ready)]) + ready)
        flags = self._read_exactly(1)[0]
        size = self._read_exactly(8 if flags & 0x02 else 1)
        self._read_exactly(int.from_bytes(size, "big"))  # the kernel's READY

    def _read_exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.connection.recv(count - len(data))
            if not chunk:
                raise ConnectionError("closed during the handshake")
            data += chunk
        return data

    def send_frame_start(self, size, first_bytes=b""):
        """Announces a last frame of `size` bytes and sends only its first bytes."""
        self.connection.sendall(b"\x02" + struct.pack(">Q", size) + first_bytes)

    def hung_up(self, wait=1.0):
        """Whether the kernel closes the connection within `wait` seconds (reading what it sends)."""
        self.connection.settimeout(wait)
        deadline = time.monotonic() + wait
        try:
            while time.monotonic() < deadline:
                if not self.connection.recv(65536):
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False
        return False

    def close(self):
        self.connection.close()
