"""Kernel latency and memory: Backprop and ipykernel side by side, through jupyter_client.

Measures, per kernel:
  start       process start to the first kernel_info_reply (median of --starts runs)
  execute     round trip of a trivial cell, from sending execute_request to its idle
              status on iopub: min, median and p99 over --executes cells
  throughput  executes per second with --executes requests sent back to back
              (pipelined), until the last reply
  memory      resident set size when idle (after 50 warm-up cells), and after
              --memory-executes more cells, each waited for

Run: .venv/bin/python benchmarks/kernel_latency.py [--kernels backprop python3]
The backprop kernelspec must be installed (make kernelspec, or backprop install --user);
ipykernel's "python3" spec is skipped when it is not installed.
"""

import argparse
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
        self.client = BlockingKernelClient(connection_file=connection_file)
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
