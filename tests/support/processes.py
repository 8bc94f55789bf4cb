"""Processes the tests start: the `ecosystem` command, and servers on free loopback ports."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ECOSYSTEM = str(Path(sys.executable).with_name("ecosystem"))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ECOSYSTEM, *args], capture_output=True, text=True, check=False, timeout=180
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout_s: float = 30.0) -> httpx.Response:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return httpx.get(url, timeout=15)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
