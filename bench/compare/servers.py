"""The processes a run starts: the bench Neo4j, and each contender's HTTP server.

Every one is a context manager that stops what it started, also on error or SIGTERM, so a
run leaves no process behind. Servers listen on loopback only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from ecosystem.localdb import LocalNeo4j, State
from ecosystem.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
APOC_START = ROOT / "bench" / "peer" / "neo4j-apoc.sh"


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def peak_rss_mb(pid: int, *, restart: bool = False) -> float:
    """The high-water mark of resident memory (VmHWM) of `pid` and its descendants, in MiB:
    uvicorn's workers are children of the process started. With `restart`, each mark starts
    again from the memory resident now (Linux's clear_refs), so the next reading is the peak
    of what ran in between."""
    total_kb, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        if restart:
            with suppress(OSError):  # not ours to reset: its mark runs on
                Path(f"/proc/{current}/clear_refs").write_text("5")
        total_kb += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0
        )
        pending.extend(int(child) for child in children)
    return total_kb / 1024


# Asks a server whether it is ready: its answer, ready when 200 (kept to say why it was not).
Probe = Callable[[str], httpx.Response]


class Server:
    """A contender's server process, ready when `probe(base)` answers 200; stopped on exit."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        port: int,
        log_dir: Path,
        *,
        probe: Probe,
        env: dict[str, str] | None = None,
    ) -> None:
        self.name, self.argv, self.port, self.probe = name, argv, port, probe
        self.log = log_dir / f"{name}.log"
        self.env = {**os.environ, **(env or {})}
        self.base = f"http://{HOST}:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.last_answer = ""  # what the probe last heard, when it was not ready
        self.highest_mb = 0.0  # the highest peak read before a mark restarted it

    def __enter__(self) -> Server:
        if port_taken(self.port):
            raise SystemExit(f"{self.name}: port {self.port} is taken")
        with self.log.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                self.argv, stdout=log, stderr=log, env=self.env, cwd=ROOT, start_new_session=True
            )
        deadline = time.monotonic() + 120
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
                said = f"it answered: {self.last_answer}\n" if self.last_answer else ""
                raise SystemExit(f"{self.name} did not start on {self.base}:\n{said}{tail}")
            time.sleep(0.2)
        return self

    def _answers(self) -> bool:
        """Whether it is ready; a server that answers but is not (ours' `/ready` while the
        graph lacks a migration) leaves what it said for the error."""
        try:
            answer = self.probe(self.base)
        except httpx.TransportError:
            return False
        ready = answer.status_code == 200
        self.last_answer = "" if ready else f"{answer.status_code} {answer.text}"
        return ready

    @property
    def peak_rss_mb(self) -> float:
        """The peak of the whole run, across the restarts of `peak_since_mark`."""
        now = peak_rss_mb(self.process.pid) if self.process else 0.0
        return max(self.highest_mb, now)

    def peak_since_mark(self) -> float:
        """The peak since the last call (or the start), and a new mark from here: the memory
        one phase of the run needed."""
        peak = peak_rss_mb(self.process.pid, restart=True) if self.process else 0.0
        self.highest_mb = max(self.highest_mb, peak)
        return peak

    def __exit__(self, *_: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # uvicorn's workers too
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def get(path: str) -> Probe:
    return lambda base: httpx.get(f"{base}{path}", timeout=2)


def graphql_typename(base: str) -> httpx.Response:
    return httpx.post(f"{base}/graphql", json={"query": "{ __typename }"}, timeout=2)


@contextmanager
def neo4j(settings: Settings) -> Iterator[LocalNeo4j]:
    """The bench's Neo4j with APOC (the peer needs it), as `neo4j-apoc.sh start` runs it;
    stopped at the end unless it was already running."""
    local = LocalNeo4j.from_settings(settings)
    running = local.status().state is State.RUNNING
    if running and not port_taken(settings.local_neo4j_port):
        raise SystemExit(
            f"the Neo4j in {settings.local_neo4j_home} runs on another port than "
            f"{settings.local_neo4j_port}: stop it (ecosystem neo4j stop) and run again"
        )
    if not running:
        started = subprocess.run([str(APOC_START), "start"], check=False, cwd=ROOT)
        if started.returncode:  # the script said why (a port taken, Java missing…)
            raise SystemExit("bench stopped: the bench's Neo4j did not start")
    try:
        yield local
    finally:
        if not running:
            local.stop()
