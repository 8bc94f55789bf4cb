"""Derived facts kept current inside every write's own transaction.

A write that can change what the definitions read begins a `Derivation` before it takes any
other lock: that takes the derived facts' lock (the counters node), so such writes queue one
after the other and never deadlock on the aggregates, and the facts they read cannot move
under them. The write names the objects it touches (or the nodes around which they are); at
`finish`, each object's contributions are recomputed from its facts as they now are, the
difference with what it contributed before (stored on it) is added to the aggregates, and its
own derived properties are updated. Writes that change nothing the definitions read (a
website, a name) never begin one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from neo4j import AsyncManagedTransaction, AsyncTransaction
from neo4j.time import Date

from ecosystem.graph.derived import aggregates, facts, keeping
from ecosystem.graph.derived.contributions import (
    Base,
    Contribution,
    Object,
    Trainer,
    contributions,
    cross_sector,
    dual_span,
    reciprocal,
    shared_by,
)
from ecosystem.graph.derived.facts import Ref, Run
from ecosystem.graph.derived.timeline import Span, bounds

Transaction = AsyncManagedTransaction | AsyncTransaction


def runner(tx: Transaction) -> Run:
    async def run(cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await (await tx.run(cypher, params)).data()

    return run


class Derivation:
    def __init__(self, tx: Transaction) -> None:
        self.run = runner(tx)
        self.refs: set[Ref] = set()
        self.pending: dict[str, set[str]] = defaultdict(set)  # label → ids, to look around
        self.before: dict[Ref, list[Contribution]] = {}

    async def begin(self) -> Derivation:
        """Take the derived facts' lock: before any other lock of the write."""
        (counters,) = await self.run(aggregates.LOCK, {"id": aggregates.COUNTERS_ID})
        keeping.check(counters["props"])  # refused by a graph a newer release migrated
        return self

    def touch(self, refs: Iterable[Ref]) -> None:
        self.refs.update(refs)

    def later(self, label: str, ids: Iterable[str]) -> None:
        """Touch the objects whose facts read these nodes, as they are at `finish`."""
        if label in facts.DERIVING_LABELS:
            self.pending[label].update(ids)

    async def around(self, label: str, ids: Iterable[str]) -> None:
        """Touch the objects whose facts read these nodes now (before they go)."""
        self.touch(await facts.around(self.run, label, sorted(set(ids))))

    def relationship(self, rel_type: str, start: str, end: str) -> None:
        """Touch what a relationship of `rel_type` between these nodes feeds."""
        refs, nodes = facts.touched_by_relationship(rel_type, start, end)
        self.touch(refs)
        for label, raw in nodes:
            self.later(label, [raw])

    async def forget(self) -> None:
        """Before a delete: what the touched objects contribute is read now, while they exist
        (an object deleted has no stored contributions left to read at `finish`)."""
        refs = [r for r in self.refs if r not in self.before]
        for kind, ids in _by_kind(refs).items():
            for row in await facts.read(self.run, kind, ids):
                self.before[(kind, row["id"])] = decoded(row["stored"])

    async def finish(self) -> None:
        for label, nodes in sorted(self.pending.items()):
            await self.around(label, nodes)
        self.pending.clear()
        lines: list[tuple[str, str, Any, int]] = []
        for kind, ids in _by_kind(self.refs).items():
            rows = {row["id"]: row for row in await facts.read(self.run, kind, ids)}
            writes = []
            for raw in ids:
                row = rows.get(raw)
                before = self.before.get((kind, raw))
                if before is None:
                    before = decoded(row["stored"]) if row else []
                after = contributions(facts.build(kind, raw, row["facts"])) if row else []
                lines += aggregates.difference(before, after)
                if row is not None and (props := _changed(kind, row, after)):
                    writes.append({"id": raw, "props": props})
            await _write(self.run, kind, writes)
        await aggregates.apply(self.run, lines)


def _by_kind(refs: Iterable[Ref]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for kind, raw in sorted(set(refs)):
        grouped[kind].append(raw)
    return grouped


def outputs(item: Object) -> dict[str, Any]:
    """What an object stores of its own (read by the questions). What is false or zero is not
    stored (None): a node no derived write has touched yet already says it."""
    if isinstance(item, Trainer):
        since, until = bounds(reciprocal(item))
        dual = dual_span(item)
        return {
            "derivedDual": dual is not None or None,
            "derivedDualSince": Date.from_native(dual.since) if dual and dual.since else None,
            "derivedReciprocalSince": since or None,
            "derivedReciprocalUntil": until or None,
        }
    if isinstance(item, Base):
        return {
            "derivedSharedBy": shared_by(item) or None,
            "derivedCrossSector": cross_sector(item) or None,
        }
    return {}


def _changed(kind: str, row: Mapping[str, Any], after: list[Contribution]) -> dict[str, Any]:
    """The derived properties of an object that differ from what it stores."""
    props = outputs(facts.build(kind, row["id"], row["facts"]))
    props["derivedContributions"] = encoded(after)
    stored = {**row["outputs"], "derivedContributions": row["stored"]}
    return {k: v for k, v in props.items() if stored.get(k) != v}


async def _write(run: facts.Run, kind: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        label = facts.READ[kind][0]
        await run(
            f"UNWIND $rows AS row MATCH (x:{label} {{id: row.id}}) SET x += row.props",
            {"rows": rows},
        )


def encoded(items: Iterable[Contribution]) -> str | None:
    """Contributions as stored on their object (JSON; None when there are none)."""
    # Sorted with open ends first ("" before any day): two lines may differ in them alone.
    listed = sorted(
        ([c.key, c.measure, _iso(c.span.since), _iso(c.span.until), c.weight] for c in items),
        key=lambda line: [part if part is not None else "" for part in line],
    )
    return json.dumps(listed, separators=(",", ":")) if listed else None


def decoded(text: str | None) -> list[Contribution]:
    return [
        Contribution(key, measure, Span(_day(since), _day(until)), weight)
        for key, measure, since, until, weight in json.loads(text or "[]")
    ]


def _iso(day: Any) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> Any:
    return None if text is None else Date.from_iso_format(text).to_native()
