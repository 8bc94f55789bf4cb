"""Processes the tests start: the `ecosystem` command, and servers on free loopback ports."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

ECOSYSTEM = str(Path(sys.executable).with_name("ecosystem"))
#: Debian's redis-server (.ci/run installs it); never the system's service on 6379.
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


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


class RedisServer:
    """A throwaway redis-server on a free loopback port: no persistence, its files in `home`.
    `stop` and `start` again keep the port, so clients see an outage and a recovery."""

    def __init__(self, home: Path) -> None:
        self.home, self.port = home, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        argv = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.home)]  # fmt: skip
        with (self.home / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start: see {self.home}/redis.log")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@contextmanager
def redis_server(home: Path) -> Iterator[RedisServer]:
    server = RedisServer(home)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def api_servers(env: Mapping[str, str], logs: list[Path]) -> Iterator[list[str]]:
    """`ecosystem serve` on free ports, one a log, with these settings over the environment's,
    started together; their base URLs once each /ready answers 200, stopped (SIGTERM) after."""
    servers: list[tuple[str, subprocess.Popen[bytes], Path]] = []
    try:
        for log in logs:
            port = free_port()
            with log.open("ab") as out:
                server = subprocess.Popen(
                    [ECOSYSTEM, "serve", "--port", str(port)],
                    env={**os.environ, **env},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            servers.append((f"http://127.0.0.1:{port}", server, log))
        deadline = time.monotonic() + 120  # a busy machine imports slowly
        for base, server, log in servers:
            while _status(f"{base}/ready") != 200:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"ecosystem serve is not ready on {base}: see {log}")
                time.sleep(0.1)
        yield [base for base, _, _ in servers]
    finally:
        for _, server, _ in servers:
            server.terminate()
        for _, server, _ in servers:
            server.wait(timeout=30)


def _status(url: str) -> int:
    try:
        return httpx.get(url, timeout=5).status_code
    except httpx.TransportError:
        return 0
