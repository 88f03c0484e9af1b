"""What the benchmark scripts share: percentiles, a free port, a line describing the machine."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import time
from pathlib import Path

import httpx


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def free_port() -> int:
    """A free TCP port on 127.0.0.1 for a server under test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> str:
    """CPU model, cores, memory, Python and the load average now (benchmarks share the box)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores, {cpu}, {mem:.0f} GiB, Python {platform.python_version()}, "
            f"load avg {load}")  # fmt: skip


def wait_ready(proc: subprocess.Popen, port: int, seconds: float = 600) -> subprocess.Popen:
    """Wait until the API server on `port` answers /ready; stop with a message if it does not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("the API server exited during start-up")
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the API server did not become ready")
