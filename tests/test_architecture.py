"""The architecture, as tests: Cypher is written only in the graph layer (and the migrations
in schema/); the import contracts themselves run in `make lint` (lint-imports)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from ecosystem.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "ecosystem"
# A clause that starts a statement or a subquery, as our Cypher writes them.
CYPHER = re.compile(
    r"\b(?:OPTIONAL MATCH|MATCH|MERGE|DETACH DELETE|UNWIND)\s*\(|\bCREATE\s*\(|"
    r"\bRETURN\s+[\w{*]|\bCALL\s+(?:db|dbms|apoc)\.|\bCALL\s*\(\)|"
    r"\b(?:EXISTS|COUNT|COLLECT)\s*\{|\$[a-z]\w*\b"  # subqueries and parameters, in conditions
)


def strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal in a module, with its line (docstrings and comments are prose,
    but prose rarely reads like a Cypher clause)."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]


OUTSIDE = sorted(p for p in PACKAGE.rglob("*.py") if PACKAGE / "graph" not in p.parents)


def test_the_pattern_finds_cypher() -> None:
    """The check can fail: it sees the statements the graph layer writes."""
    found = [
        s for p in (PACKAGE / "graph").rglob("*.py") for _, s in strings(p) if CYPHER.search(s)
    ]
    assert len(found) > 50


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_cypher_outside_the_graph_layer(path: Path) -> None:
    cypher = [f"line {line}: {text[:80]}" for line, text in strings(path) if CYPHER.search(text)]
    assert not cypher, f"{path.name} writes Cypher; it belongs in graph/: {cypher}"
