"""A real `ecosystem serve` logging JSON lines: one access line per request with its id, key,
role, GraphQL operation, status and duration; refusals counted by code; process metrics."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.processes import ECOSYSTEM, free_port, wait_for


@pytest.fixture
def served(tmp_path: Path, neo4j_server: str) -> Iterator[tuple[str, Path]]:
    port, log = free_port(), tmp_path / "serve.log"
    env = {**os.environ, "ECOSYSTEM_LOG_FORMAT": "json", "ECOSYSTEM_PUBLIC_READ": "true"}
    with log.open("w") as sink:
        server = subprocess.Popen(
            [ECOSYSTEM, "serve", "--port", str(port)], env=env, stdout=sink, stderr=sink
        )
        try:
            assert wait_for(f"http://127.0.0.1:{port}/health").status_code == 200
            yield f"http://127.0.0.1:{port}", log
        finally:
            server.terminate()
            server.wait(timeout=30)


def lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def test_each_request_has_one_json_access_line(served: tuple[str, Path]) -> None:
    base, log = served
    query = {"query": "query Probe { organisations(first: 1) { totalCount } }"}
    answered = httpx.post(f"{base}/graphql", json=query, headers={"x-request-id": "probe-1"})
    assert answered.status_code == 200
    refused = httpx.post(
        f"{base}/graphql", json=query,
        headers={"x-request-id": "probe-2", "authorization": "Bearer made-up"},
    )  # fmt: skip
    assert refused.status_code == 401
    metrics = httpx.get(f"{base}/metrics").text

    everything = lines(log)
    assert everything  # every line is JSON, the server's own included
    assert all({"time", "level", "logger", "message"} <= set(line) for line in everything)
    access = {
        line["requestId"]: line for line in everything if line["logger"] == "ecosystem.access"
    }
    probe = access["probe-1"]
    assert (probe["status"], probe["route"], probe["method"]) == (200, "/graphql", "POST")
    assert probe["operation"] == "Probe"
    assert probe["role"] == "anonymous"
    assert isinstance(probe["durationMs"], float)
    assert access["probe-2"]["refused"] == "UNAUTHENTICATED"
    assert 'ecosystem_errors_total{code="UNAUTHENTICATED"} 1.0' in metrics
    assert "process_resident_memory_bytes" in metrics
