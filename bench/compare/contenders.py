"""The contenders: how each is started and how it is asked an operation.

ours        `ecosystem serve`'s app under uvicorn, one worker (and `ours×N`: N workers;
            `ours-full`: repeat queries off, so every request takes the full GraphQL path)
peer        bench/peer/server.js: @neo4j/graphql 7 on Apollo Server, Node 20
raw         bench/compare/raw.py: the driver running our compiled Cypher, no GraphQL
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.compare.operations import Operation
from bench.compare.servers import HOST, ROOT, Server, get, graphql_typename

UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "--host", HOST, "--log-level", "warning"]


@dataclass(frozen=True)
class Contender:
    name: str
    server: Server
    headers: dict[str, str]

    def request(self, op: Operation, variables: dict[str, Any], index: int = 0) -> tuple[str, str]:
        """(url, body) of one request for `op`'s variable set `index` (ours' resolved
        `variables`; the peer's set as written; raw's statement compiled for it)."""
        if self.name == "peer":
            return f"{self.server.base}/graphql", json.dumps(op.peer.body(op.peer.sets[index]))
        if self.name == "raw":  # the statement is prepared; a write's values are sent
            sent = variables if op.ours.mutation else {}
            return f"{self.server.base}/{op.key}/{index}", json.dumps(sent)
        return f"{self.server.base}/graphql", json.dumps(op.ours.body(variables))

    def requests(self, op: Operation, sets: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """One request per variable set, in order."""
        return [self.request(op, variables, index) for index, variables in enumerate(sets)]

    def path(self, op: Operation) -> str:
        return op.peer.path if self.name == "peer" else op.ours.path


def ours(
    port: int, logs: Path, key: str, workers: int = 1, *, repeat_queries: bool = True
) -> Contender:
    """Ours; `ours-full` without repeat queries (every request parsed, validated, executed)."""
    argv = [*UVICORN, "--port", str(port), "--workers", str(workers), "ecosystem.app:create_app"]
    name = "ours" if workers == 1 else f"ours×{workers}"
    name = name if repeat_queries else "ours-full"
    env = {} if repeat_queries else {"ECOSYSTEM_REPEAT_QUERIES": "false"}
    server = Server(name.replace("×", "-x"), argv, port, logs, probe=get("/ready"), env=env)
    return Contender(name, server, {"authorization": f"Bearer {key}"})


def peer(port: int, logs: Path, bolt_uri: str) -> Contender:
    argv = ["node", str(ROOT / "bench" / "peer" / "server.js")]
    env = {"NEO4J_URI": bolt_uri, "PORT": str(port), "NODE_ENV": "production"}
    return Contender("peer", Server("peer", argv, port, logs, probe=graphql_typename, env=env), {})


def raw(port: int, logs: Path, operations_file: Path) -> Contender:
    argv = [*UVICORN, "--port", str(port), "bench.compare.raw:create_app"]
    env = {"BENCH_RAW_OPS": str(operations_file)}
    return Contender("raw", Server("raw", argv, port, logs, probe=get("/ready"), env=env), {})
