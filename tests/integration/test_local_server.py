"""The local Neo4j launcher and a real uvicorn riding out a database outage.

These run on a dedicated server (free port, temporary folder) so stopping it never disturbs
the rest of the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ecosystem.localdb import LocalNeo4j, LocalNeo4jError, State, find_java
from ecosystem.settings import Settings
from tests.support.processes import ECOSYSTEM, free_port, wait_for


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[LocalNeo4j]:
    if not settings.uses_local_neo4j:
        pytest.skip("TEST_NEO4J_URI points at an external server; the launcher is not used")
    local = LocalNeo4j(
        launcher_dir=settings.launcher_dir,
        home=tmp_path_factory.mktemp("neo4j"),
        port=free_port(),
        pagecache_mb=64,
    )
    yield local
    local.stop()


def cli_env(local: LocalNeo4j) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    env.update(
        ECOSYSTEM_LOCAL_NEO4J_PORT=str(local.port),
        ECOSYSTEM_LOCAL_NEO4J_HOME=str(local.home),
        ECOSYSTEM_PUBLIC_READ="true",  # as `make run` serves it
    )
    return env


def cli(local: LocalNeo4j, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ECOSYSTEM, *args],
        env=cli_env(local),
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


def test_start_and_stop_are_idempotent(server: LocalNeo4j) -> None:
    assert server.status().state is State.STOPPED
    assert cli(server, "neo4j", "status").returncode == 3
    first = cli(server, "neo4j", "start")
    assert first.returncode == 0, first.stderr
    assert "started" in first.stderr
    again = cli(server, "neo4j", "start")
    assert again.returncode == 0
    assert "already running" in again.stderr
    assert server.status().state is State.RUNNING
    assert cli(server, "neo4j", "stop").returncode == 0
    stopped_again = cli(server, "neo4j", "stop")
    assert stopped_again.returncode == 0
    assert "not running" in stopped_again.stderr
    assert server.status().state is State.STOPPED


def test_stale_pid_file_is_cleaned_up(server: LocalNeo4j) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    server.home.mkdir(parents=True, exist_ok=True)
    server.pid_file.write_text(str(gone.pid))
    assert server.status().state is State.STOPPED
    assert not server.pid_file.exists()


def test_missing_java_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(LocalNeo4jError, match=r"Java 17\+ is needed.*NEO4J_URI"):
        find_java()


def test_missing_maven_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "pom.xml").write_text("<project/>")
    unbuilt = LocalNeo4j(launcher_dir=tmp_path, home=tmp_path / "home", port=free_port())
    with pytest.raises(LocalNeo4jError, match=r"Maven \(mvn\) is needed.*NEO4J_URI"):
        unbuilt.build()


def stats(base: str) -> dict[str, object]:
    query = {"query": "{ ecosystemStats { nodeCount } }"}
    return dict(httpx.post(f"{base}/graphql", json=query, timeout=30).json())


@dataclass(frozen=True)
class Answer:
    sent: float  # time.monotonic()
    seconds: float
    code: str  # "OK", the error's `extensions.code`, or what came instead of a coded answer


class Load:
    """`clients` threads asking `ecosystemStats` back to back until the block ends: a bounded
    loopback load for the database to go away and come back under."""

    def __init__(self, base: str, clients: int = 4) -> None:
        self.base, self.answers, self.done = base, list[Answer](), threading.Event()
        self.away: list[tuple[float, float]] = []  # when Neo4j was away (from, to)
        self.threads = [threading.Thread(target=self._client) for _ in range(clients)]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _client(self) -> None:
        with httpx.Client(timeout=30) as http:
            while not self.done.is_set():
                sent = time.monotonic()
                code = answer_code(http, self.base)
                self.answers.append(Answer(sent, time.monotonic() - sent, code))

    def sent(self, after: float, before: float) -> list[Answer]:
        return [a for a in self.answers if after <= a.sent <= before]


def answer_code(http: httpx.Client, base: str) -> str:
    query = {"query": "{ ecosystemStats { nodeCount } }"}
    try:
        response = http.post(f"{base}/graphql", json=query)
        body = response.json()
    except httpx.HTTPError as error:
        return type(error).__name__
    except ValueError:
        return "NOT_JSON"
    if response.status_code >= 500 and response.status_code != 503:
        return f"HTTP {response.status_code}"
    if body.get("errors"):
        return str((body["errors"][0].get("extensions") or {}).get("code") or "UNCODED")
    return "OK" if body.get("data") else "NO_DATA"


def test_uvicorn_rides_out_a_database_outage(server: LocalNeo4j) -> None:
    server.start()
    assert cli(server, "migrate").returncode == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = subprocess.Popen(
        [ECOSYSTEM, "serve", "--port", str(port)],
        # A statement unanswered 0.5 s has the breaker check the server, and a connection not
        # made in 1 s opens it (the defaults, 1 s and 3 s, suit a server further away).
        env={
            **cli_env(server),
            "ECOSYSTEM_NEO4J_LIVENESS_TIMEOUT_S": "0.5",
            "ECOSYSTEM_NEO4J_CONNECTION_TIMEOUT_S": "1.0",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(f"{base}/ready").status_code == 200
        assert stats(base) == {"data": {"ecosystemStats": {"nodeCount": 0}}}
        with Load(base) as load:
            ride_out(server, base, load)
        # Every answer of the load coded, and each within 3 s while Neo4j was away.
        assert {a.code for a in load.answers} <= {"OK", "DATABASE_UNAVAILABLE"}, {
            a.code for a in load.answers
        }
        for away in load.away:
            assert load.sent(*away)  # the load met both outages
            slow = [a for a in load.sent(*away) if a.seconds >= 3.0]
            assert not slow, slow[:5]
        assert load.answers[-1].code == "OK"
        assert api.poll() is None  # the same process, never restarted
    finally:
        api.terminate()
        api.wait(timeout=30)


def ride_out(server: LocalNeo4j, base: str, load: Load) -> None:
    """Neo4j stopped and started, then frozen and thawed, under `load`; `load.away` gets the
    two spans of time it was away."""
    went = time.monotonic()
    server.stop()
    # The driver would retry for ECOSYSTEM_NEO4J_RETRY_S (5 s) before giving up; the
    # circuit breaker answers within a second, and at once once it is open.
    started = time.monotonic()
    down = httpx.get(f"{base}/ready", timeout=30)
    first = time.monotonic() - started
    assert down.status_code == 503
    assert down.json()["reason"] == "database unreachable"
    assert first < 1.0, first
    started = time.monotonic()
    body = stats(base)
    assert time.monotonic() - started < 0.5  # no driver retries (5 s) to wait out
    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": "The database is unavailable; try again shortly.",
            "extensions": {"code": "DATABASE_UNAVAILABLE"},
            "locations": [{"line": 1, "column": 3}],
            "path": ["ecosystemStats"],
        }
    ]
    assert httpx.get(f"{base}/health").status_code == 200

    load.away.append((went, time.monotonic()))
    server.start()
    # The launcher is back; the breaker's probe (every 0.2 s) finds the database once it
    # answers, and the load's first statements meet a cold planner (bench/README.md, Outage).
    started = time.monotonic()
    while httpx.get(f"{base}/ready", timeout=30).status_code != 200:
        assert time.monotonic() - started < 15.0
        time.sleep(0.05)
    assert stats(base) == {"data": {"ecosystemStats": {"nodeCount": 0}}}

    # Frozen (SIGSTOP), the server keeps its port and connections and answers nothing, as
    # behind a network that drops packets: no refusal to hear, the breaker's probe decides.
    pid = server.status().pid
    assert pid is not None
    went = time.monotonic()
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        frozen = stats(base)
        # 0.5 s unanswered, then 1 s without a connection: not the minutes TCP would wait.
        assert time.monotonic() - started < 3.0
        assert frozen["data"] is None
        assert frozen["errors"] == body["errors"]  # the same coded answer as when stopped
        assert httpx.get(f"{base}/ready", timeout=30).status_code == 503
    finally:
        load.away.append((went, time.monotonic()))
        os.kill(pid, signal.SIGCONT)
    started = time.monotonic()
    while httpx.get(f"{base}/ready", timeout=30).status_code != 200:
        assert time.monotonic() - started < 3.0
        time.sleep(0.05)
    assert stats(base) == {"data": {"ecosystemStats": {"nodeCount": 0}}}
    time.sleep(0.5)  # the load's own requests succeed again


def test_serve_runs_several_workers_and_stops_cleanly(neo4j_server: str) -> None:
    port = free_port()
    env = {**os.environ, "ECOSYSTEM_LOG_LEVEL": "warning", "ECOSYSTEM_GRACEFUL_SHUTDOWN_S": "5"}
    server = subprocess.Popen(
        [ECOSYSTEM, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/health").status_code == 200
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert len(children) >= 2  # the two workers (and possibly uvicorn's own helper)
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
