"""The benchmark's operations, read from bench/peer/operations.md, and what "equivalent" means.

Each `## ` section of operations.md holds the GraphQL document and variables for ours and for
the peer (fenced blocks labelled `graphql ours`, `json ours`, `graphql peer`, `json peer`; a
`json` block holds one set of variables or a list of sets, asked in turn by the load) and
a line `Compare: ours `PATH` with peer `PATH`` naming the part of `data` both must agree on.
The documents are checked in there, once; this module and the markdown never disagree.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

FILE = Path(__file__).resolve().parents[1] / "peer" / "operations.md"
_BLOCK = re.compile(r"^```(graphql|json) (ours|peer)\n(.*?)^```", re.M | re.S)
_COMPARE = re.compile(r"^Compare: ours `([^`]+)` with peer `([^`]+)`", re.M)
_NAME = re.compile(r"^\s*(query|mutation)\s+(\w+)", re.M)
_GLOBAL_ID = re.compile(
    r"^[A-Za-z_]+:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
DROPPED = frozenset({"cursor", "startCursor", "endCursor"})  # ours keysets, the peer's offsets


@dataclass(frozen=True)
class Request:
    """One contender's side of an operation."""

    query: str
    sets: tuple[dict[str, Any], ...]  # variable sets, asked in turn (set i ↔ the peer's set i)
    path: str  # the compared part of `data`: `a.b[0]`, `[*]` maps the rest over a list

    @property
    def name(self) -> str:
        match = _NAME.search(self.query)
        if match is None:
            raise ValueError(f"a benchmark document needs an operation name: {self.query[:60]}")
        return match.group(2)

    @property
    def mutation(self) -> bool:
        match = _NAME.search(self.query)
        return match is not None and match.group(1) == "mutation"

    def body(self, variables: dict[str, Any]) -> dict[str, Any]:
        return {"query": self.query, "variables": variables, "operationName": self.name}


@dataclass(frozen=True)
class Operation:
    title: str
    ours: Request
    peer: Request

    @property
    def key(self) -> str:
        return self.ours.name


def load(text: str | None = None) -> list[Operation]:
    """Every complete section of operations.md, in order."""
    text = FILE.read_text(encoding="utf-8") if text is None else text
    operations = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title = section.split("\n", 1)[0].strip()
        blocks = {f"{kind} {who}": body for kind, who, body in _BLOCK.findall(section)}
        compare = _COMPARE.search(section)
        if "graphql ours" not in blocks or "graphql peer" not in blocks or compare is None:
            continue
        sides = {
            who: Request(
                blocks[f"graphql {who}"],
                variable_sets(blocks.get(f"json {who}", "{}")),
                compare.group(1 if who == "ours" else 2),
            )
            for who in ("ours", "peer")
        }
        if len(sides["ours"].sets) != len(sides["peer"].sets):
            raise ValueError(f"{title}: ours and the peer need as many variable sets")
        operations.append(Operation(title, sides["ours"], sides["peer"]))
    return operations


def variable_sets(text: str) -> tuple[dict[str, Any], ...]:
    """A `json` block: one set of variables, or a list of sets the load asks in turn."""
    found = json.loads(text)
    return tuple(found) if isinstance(found, list) else (found,)


def at(value: Any, path: str) -> Any:
    """The part of `value` that `path` names (`a.b[0].c`; `[*]` maps the rest over a list)."""
    head, star, rest = path.partition("[*]")
    if star:
        items = at(value, head)
        rest = rest.removeprefix(".")
        if not isinstance(items, list):
            return items
        return [at(item, rest) if rest else item for item in items]
    for part in filter(None, re.split(r"\.|\[(\d+)\]", path)):
        if value is None:
            return None
        value = value[int(part)] if part.isdigit() and isinstance(value, list) else value[part]
    return value


def normalise(value: Any) -> Any:
    """Ids without our `Type:` prefix, the peer's edge `properties` flattened, cursors dropped,
    date-times in one notation."""
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, str) and _DATETIME.match(value):
        return datetime.fromisoformat(value).isoformat()  # `.41Z` and `.410Z` are one instant
    if isinstance(value, str):
        return _GLOBAL_ID.sub(r"\1", value)
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in DROPPED:
            continue
        if key == "properties" and isinstance(item, dict):
            out.update(normalise(item))
        else:
            out[key] = normalise(item)
    return out


def difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two normalised answers first differ (floats to 1e-9), or None when they agree."""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items ≠ {len(b)} items"
        pairs = [(f"{path}[{i}]", x, y) for i, (x, y) in enumerate(zip(a, b, strict=True))]
    elif isinstance(a, dict) and isinstance(b, dict):
        if only := set(a) ^ set(b):
            key = min(only)
            return f"{path}.{key}: only in {'ours' if key in a else 'peer'}"
        pairs = [(f"{path}.{key}", a[key], b[key]) for key in a]
    else:
        return None if _same(a, b) else f"{path}: {json.dumps(a)[:80]} ≠ {json.dumps(b)[:80]}"
    return next((d for where, x, y in pairs if (d := difference(x, y, where))), None)


def _same(a: Any, b: Any) -> bool:
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return bool(a == b)


def leaves(value: Any) -> int:
    """How many scalar values an answer holds (a response's "fields")."""
    if isinstance(value, list):
        return sum(leaves(item) for item in value)
    if isinstance(value, dict):
        return sum(leaves(item) for item in value.values())
    return 1
