"""Kernel latency and memory: Backprop and ipykernel side by side, through jupyter_client.

Measures, per kernel:
  start       process start to the first kernel_info_reply (median of --starts runs)
  execute     round trip of a trivial cell, from sending execute_request to its idle
              status on iopub: min, median and p99 over --executes cells, measured
              twice: with jupyter_client's BlockingKernelClient (what a notebook
              front end's Python stack costs), and with a lean client (jupyter_client's
              Session signing the request on raw ZeroMQ sockets, replies verified
              and parsed with json, no date parsing), so the client's own share is
              small and the kernel's latency shows; and the kernel's own time from
              its busy to its idle status (their header dates, median)
  throughput  executes per second with --executes requests sent back to back
              (pipelined), until the last reply
  memory      resident set size when idle (after 50 warm-up cells), and after
              --memory-executes more cells, each waited for

Run: .venv/bin/python benchmarks/kernel_latency.py [--kernels backprop python3]
The backprop kernelspec must be installed (make kernelspec, or backprop install --user);
ipykernel's "python3" spec is skipped when it is not installed.
"""

import argparse
import datetime
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import psutil
import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.session import Session

TRIVIAL_CELL = {"backprop": "42", "python3": "42"}


def wait_for_idle(kc, msg_id, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
        if (
            msg["parent_header"].get("msg_id") == msg_id
            and msg["msg_type"] == "status"
            and msg["content"]["execution_state"] == "idle"
        ):
            return


class LeanClient:
    """Shell and iopub sockets of their own, signed with jupyter_client's Session.

    Every reply's signature is checked and its frames parsed with json, but the
    client skips what BlockingKernelClient adds per message (date parsing,
    message objects, polling through its channel classes), about 0.1 ms a
    message in Python, so a round trip measures mostly the kernel.
    """

    def __init__(self, info):
        self.session = Session(key=info["key"].encode() if isinstance(info["key"], str) else info["key"])
        context = zmq.Context.instance()
        url = f"tcp://{info['ip']}:"
        self.shell = context.socket(zmq.DEALER)
        self.shell.linger = 0
        self.shell.connect(url + str(info["shell_port"]))
        self.iopub = context.socket(zmq.SUB)
        self.iopub.linger = 0
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(url + str(info["iopub_port"]))
        # The subscription needs a moment to reach the publisher; wait until a cell's idle arrives.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.iopub.poll(0):
                self.iopub.recv_multipart()
                continue
            msg_id = self.send_execute("1")
            if self.wait_for_idle(msg_id, timeout=0.5):
                self.take_reply(msg_id)
                return
            self.take_reply(msg_id)
        raise RuntimeError("the lean client's iopub subscription never received a status")

    def send_execute(self, code):
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        return self.session.send(self.shell, "execute_request", content)["header"]["msg_id"]

    def parse(self, frames):
        index = frames.index(b"<IDS|MSG>")
        signature, header, parent, metadata, content = frames[index + 1:index + 6]
        if not hmac.compare_digest(signature, self.session.sign([header, parent, metadata, content])):
            raise RuntimeError("a message with a bad signature")
        return json.loads(header), json.loads(parent), json.loads(content)

    def wait_for_idle(self, msg_id, timeout=30):
        """Reads iopub until this request's idle status. Keeps the `date` of the request's
        busy and idle headers in `self.busy_date` and `self.idle_date`."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.iopub.poll(remaining * 1000):
                return False
            header, parent, content = self.parse(self.iopub.recv_multipart())
            if parent.get("msg_id") == msg_id and header["msg_type"] == "status":
                if content["execution_state"] == "busy":
                    self.busy_date = header["date"]
                elif content["execution_state"] == "idle":
                    self.idle_date = header["date"]
                    return True

    def take_reply(self, msg_id, timeout=30):
        """Reads shell until the reply to `msg_id` (after its idle: the round trip is timed to idle)."""
        deadline = time.monotonic() + timeout
        while self.shell.poll(max(0.0, deadline - time.monotonic()) * 1000):
            header, parent, content = self.parse(self.shell.recv_multipart())
            if parent.get("msg_id") == msg_id:
                return content
        raise RuntimeError(f"no reply to {msg_id}")

    def close(self):
        self.shell.close()
        self.iopub.close()


def kernel_seconds(busy_date, idle_date):
    """Seconds between two header dates (ISO 8601, as both kernels stamp them)."""
    parse = lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (parse(idle_date) - parse(busy_date)).total_seconds()


def drain(kc):
    for get in (kc.get_iopub_msg, kc.get_shell_msg):
        while True:
            try:
                get(timeout=0.05)
            except Exception:
                break


class Kernel:
    """A kernel process started from its kernelspec, and a client connected to it."""

    def __init__(self, name, scratch):
        spec = KernelSpecManager().get_kernel_spec(name)
        connection_file, info = write_connection_file(
            os.path.join(scratch, f"{name}-{time.monotonic_ns()}.json"), key=os.urandom(16).hex().encode()
        )
        session = Session(key=info["key"].encode() if isinstance(info["key"], str) else info["key"])
        # A raw socket that retries its connection every millisecond, so the measured start
        # is the kernel's, not ZeroMQ's default 100 ms reconnect interval.
        context = zmq.Context.instance()
        probe = context.socket(zmq.DEALER)
        probe.setsockopt(zmq.RECONNECT_IVL, 1)
        probe.linger = 0
        probe.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        session.send(probe, "kernel_info_request", {})
        argv = [part.format(connection_file=connection_file) for part in spec.argv]
        if argv[0] in ("python", "python3"):
            argv[0] = sys.executable  # as KernelManager does for ipykernel's native spec
        started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, env=dict(os.environ, **spec.env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not probe.poll(60_000):
            raise RuntimeError(f"{name} did not answer kernel_info")
        probe.recv_multipart()
        self.start_seconds = time.perf_counter() - started
        probe.close()
        self.connection_file = connection_file
        self.connection_info = info
        self.connect_client()

    def connect_client(self):
        """A fresh BlockingKernelClient (a stopped one cannot be restarted)."""
        self.client = BlockingKernelClient(connection_file=self.connection_file)
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def stop(self):
        self.client.shutdown()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.client.stop_channels()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(name, starts, executes, memory_executes, scratch):
    start_times = []
    for _ in range(starts - 1):
        kernel = Kernel(name, scratch)
        start_times.append(kernel.start_seconds)
        kernel.stop()
    kernel = Kernel(name, scratch)
    start_times.append(kernel.start_seconds)
    kc = kernel.client
    code = TRIVIAL_CELL[name]
    try:
        process = psutil.Process(kernel.process.pid)
        # Let the kernel settle (ipykernel finishes importing in the background).
        time.sleep(1.0)
        drain(kc)
        for _ in range(50):
            wait_for_idle(kc, kc.execute(code))
        drain(kc)
        idle_rss = process.memory_info().rss

        round_trips = []
        for _ in range(executes):
            sent = time.perf_counter()
            msg_id = kc.execute(code)
            wait_for_idle(kc, msg_id)
            round_trips.append(time.perf_counter() - sent)
        drain(kc)

        # The lean client alone, as one front end: the other client's iopub subscription
        # would double every broadcast.
        kc.stop_channels()
        lean = LeanClient(kernel.connection_info)
        lean_round_trips = []
        in_kernel = []
        for _ in range(executes):
            sent = time.perf_counter()
            msg_id = lean.send_execute(code)
            if not lean.wait_for_idle(msg_id):
                raise RuntimeError(f"{name} did not go idle for the lean client")
            lean_round_trips.append(time.perf_counter() - sent)
            in_kernel.append(kernel_seconds(lean.busy_date, lean.idle_date))
            if lean.take_reply(msg_id).get("status") != "ok":
                raise RuntimeError(f"{name} failed the cell {code!r}")
        lean.close()
        kernel.connect_client()
        kc = kernel.client
        drain(kc)

        # Memory over many cells run one after another, as a notebook runs them.
        for _ in range(memory_executes):
            wait_for_idle(kc, kc.execute(code))
        drain(kc)
        after_rss = process.memory_info().rss

        # Last, because a burst leaves queues that the allocator keeps for reuse.
        sent = time.perf_counter()
        ids = [kc.execute(code) for _ in range(executes)]
        remaining = set(ids)
        while remaining:
            remaining.discard(kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id"))
        throughput = executes / (time.perf_counter() - sent)
    finally:
        kernel.stop()

    return {
        "start_ms": statistics.median(start_times) * 1000,
        "min_ms": min(round_trips) * 1000,
        "median_ms": statistics.median(round_trips) * 1000,
        "p99_ms": percentile(round_trips, 0.99) * 1000,
        "lean_min_ms": min(lean_round_trips) * 1000,
        "lean_median_ms": statistics.median(lean_round_trips) * 1000,
        "lean_p99_ms": percentile(lean_round_trips, 0.99) * 1000,
        "in_kernel_median_ms": statistics.median(in_kernel) * 1000,
        "executes_per_s": throughput,
        "idle_rss_mb": idle_rss / 2**20,
        "after_rss_mb": after_rss / 2**20,
        "growth_mb": (after_rss - idle_rss) / 2**20,
    }


ROWS = [
    ("start (ms)", "start_ms", "{:.1f}", False),
    ("execute min (ms)", "min_ms", "{:.3f}", False),
    ("execute median (ms)", "median_ms", "{:.3f}", False),
    ("execute p99 (ms)", "p99_ms", "{:.3f}", False),
    ("lean execute min (ms)", "lean_min_ms", "{:.3f}", False),
    ("lean execute median (ms)", "lean_median_ms", "{:.3f}", False),
    ("lean execute p99 (ms)", "lean_p99_ms", "{:.3f}", False),
    ("busy to idle, median (ms)", "in_kernel_median_ms", "{:.3f}", False),
    ("executes/s (pipelined)", "executes_per_s", "{:.0f}", True),
    ("RSS idle (MB)", "idle_rss_mb", "{:.1f}", False),
    ("RSS after N executes (MB)", "after_rss_mb", "{:.1f}", False),
    ("RSS growth (MB)", "growth_mb", "{:.2f}", False),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernels", nargs="+", default=["backprop", "python3"])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--executes", type=int, default=1000)
    parser.add_argument("--memory-executes", type=int, default=10000)
    args = parser.parse_args()

    available = []
    for name in args.kernels:
        try:
            KernelSpecManager().get_kernel_spec(name)
            available.append(name)
        except NoSuchKernel:
            print(f"skipping {name}: no kernelspec installed")
    with tempfile.TemporaryDirectory(prefix="kernel-latency-") as scratch:
        results = {
            name: measure(name, args.starts, args.executes, args.memory_executes, scratch) for name in available
        }

    names = list(results)
    header = f"{'':28}" + "".join(f"{n:>14}" for n in names)
    if "backprop" in results and len(names) > 1:
        header += f"{'ratio':>14}"
    print(f"\n{args.executes} executes for latency and throughput, {args.memory_executes} for memory\n")
    print(header)
    for label, key, fmt, higher_is_better in ROWS:
        line = f"{label:28}" + "".join(f"{fmt.format(results[n][key]):>14}" for n in names)
        if "backprop" in results and len(names) > 1:
            other = results[names[1] if names[0] == "backprop" else names[0]][key]
            ours = results["backprop"][key]
            if key != "growth_mb" and ours > 0 and other > 0:
                ratio = ours / other if higher_is_better else other / ours
                line += f"{ratio:>13.1f}x"
        print(line)
    if "backprop" in results and len(names) > 1:
        print("\nratio: how many times better Backprop is (higher is better)")


if __name__ == "__main__":
    main()
