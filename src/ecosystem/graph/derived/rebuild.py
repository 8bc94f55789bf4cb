"""Every derived fact recomputed from the base facts: to build them (`ecosystem derive
--rebuild`, the migration that introduced them, the seed) and to check them (`--check`).

Objects are read in batches by id and their contributions summed in memory (a pair or a cell
is small; a million trainers' worth fits easily). A rebuild writes in batches, so run it while
nothing else writes (as `ecosystem migrate` runs before the API starts); a check only reads, and
lists every aggregate or object property that differs from what the base facts give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from neo4j import AsyncManagedTransaction

from ecosystem.graph.database import Database
from ecosystem.graph.derived import aggregates, facts, keeping
from ecosystem.graph.derived.contributions import Contribution, contributions
from ecosystem.graph.derived.maintain import decoded, encoded, outputs, runner
from ecosystem.graph.derived.timeline import Span, Timeline, kept_difference, peak

BATCH = 5000
Progress = Callable[[str, int], None]
IDS: Mapping[str, str] = {
    kind: f"MATCH (x:{label}) WHERE x.id > $after " + "RETURN x.id AS id ORDER BY x.id LIMIT $batch"
    for kind, (label, _) in facts.READ.items()
}


async def objects(db: Database) -> int:
    """How many objects a rebuild or a check reads (for a progress bar)."""
    counts = [f"COUNT {{ MATCH (x:{label}) }}" for label, _ in facts.READ.values()]
    rows = await db.read(f"RETURN {' + '.join(counts)} AS n")
    return int(rows[0]["n"])


@dataclass(frozen=True)
class Derived:
    """One object's own derived properties: as the base facts give them, and as stored."""

    kind: str
    id: str
    want: dict[str, Any]
    have: dict[str, Any]

    @property
    def differs(self) -> bool:
        return any(self.have.get(name) != value for name, value in self.want.items())


Batch = Callable[[list[Derived]], Awaitable[None]]


@dataclass
class Expected:
    """Every aggregate as the base facts give it, and how many objects were read. The objects'
    own properties are handed over a batch at a time and not kept: at scale 500 they were
    most of a check's 5.5 GiB."""

    # Summed as objects are read (a list of every contribution would not fit at scale 500).
    totals: dict[str, dict[str, Timeline]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Timeline))
    )
    objects: int = 0

    def add(self, contributions_: Iterable[Contribution]) -> None:
        for c in contributions_:
            self.totals[c.key][c.measure].add(c.span, c.weight)

    @property
    def aggregates(self) -> dict[str, dict[str, Timeline]]:
        return {k: dict(m) for k, m in self.totals.items()}


async def expected(db: Database, each: Batch, on_progress: Progress = lambda *_: None) -> Expected:
    """The aggregates summed over every object; each batch of objects' own properties to
    `each` as it is read."""
    found = Expected()
    for kind in facts.KINDS:
        async for rows in _batches(db, kind):
            batch = []
            for row in rows:
                item = facts.build(kind, row["id"], row["facts"])
                after = contributions(item)
                found.add(after)
                want = {**outputs(item), "derivedContributions": encoded(after)}
                have = {**row["outputs"], "derivedContributions": row["stored"]}
                batch.append(Derived(kind, row["id"], want, have))
            await each(batch)
            found.objects += len(rows)
            on_progress(kind, len(rows))
    return found


async def _batches(db: Database, kind: str) -> AsyncIterator[list[dict[str, Any]]]:
    after = ""
    while True:
        rows = await db.read(IDS[kind], {"after": after, "batch": BATCH})
        if not rows:
            return
        ids = [r["id"] for r in rows]
        yield await db.read(facts.statement(kind), {"ids": ids})
        after = ids[-1]


async def rebuild(db: Database, on_progress: Progress = lambda *_: None) -> int:
    """Replace every derived fact; the number of objects counted. The objects' own properties
    are written as they are read (the aggregates they do not depend on are cleared after)."""
    await _stamp(db)

    async def write(batch: list[Derived]) -> None:
        changed = [o for o in batch if o.differs]
        if changed:
            label = facts.READ[changed[0].kind][0]  # a batch is of one kind
            await db.write(
                f"UNWIND $rows AS row MATCH (x:{label} {{id: row.id}}) SET x += row.props",
                {"rows": [{"id": o.id, "props": o.want} for o in changed]},
            )

    found = await expected(db, write, on_progress)
    await _clear(db)
    await _write_aggregates(db, found.aggregates)
    await _stamp(db)  # on the counters node made again
    return found.objects


async def _clear(db: Database) -> None:
    """Drop the aggregates (and what an earlier version stored on organisations)."""
    for cypher in (
        "MATCH ()-[c:COLLABORATES|UNITS_OVERLAP]->() CALL (c) { DELETE c } "
        "IN TRANSACTIONS OF 10000 ROWS",
        "MATCH (c:CoverageCell) CALL (c) { DELETE c } IN TRANSACTIONS OF 10000 ROWS",
        "MATCH (g:EcosystemCounters) DETACH DELETE g",
        "MATCH (o:Organisation) WHERE o.derivedContributions IS NOT NULL "
        "CALL (o) { REMOVE o.derivedContributions } IN TRANSACTIONS OF 10000 ROWS",
    ):
        await db.run_autocommit(cypher)


async def _write_aggregates(db: Database, totals: Mapping[str, Mapping[str, Timeline]]) -> None:
    async def run(cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await db.write(cypher, params)

    lines = [
        (key, measure, span, weight)
        for key, measures in totals.items()
        for measure, timeline in measures.items()
        for span, weight in _spans(timeline)
    ]
    await db.write(aggregates.LOCK, {"id": aggregates.COUNTERS_ID})  # the counters node
    for start in range(0, len(lines), BATCH * 4):
        await aggregates.apply(run, lines[start : start + BATCH * 4])


def _spans(timeline: Timeline) -> list[tuple[Any, int]]:
    """A timeline as spans that add up to it (a base, and one open-ended span per step)."""
    out: list[tuple[Any, int]] = []
    if timeline.base:
        out.append((Span(), timeline.base))
    out += [(Span(day, None), step) for day, step in sorted(timeline.steps.items())]
    return out


async def rekeep(db: Database) -> None:
    """Rewrite what the derived facts keep about their own timelines: the counters' in one
    transaction, then the pairs' most links a batch of organisations a transaction."""
    await _stamp(db)

    async def counters(tx: AsyncManagedTransaction) -> None:
        await aggregates.rekeep_counters(runner(tx))

    await db.transaction("write", counters)
    after: str | None = ""
    while after is not None:
        after = await db.transaction("write", partial(_rekeep_pairs, after=after))


async def _known(db: Database) -> None:
    """Refuse a graph whose derived facts are kept a newer way than this release's."""
    rows = await db.read(keeping.READ, {"id": aggregates.COUNTERS_ID})
    keeping.check(rows[0] if rows else {})


async def _stamp(db: Database) -> None:
    """This release's way on the counters node (keeping.py), unless the graph's is newer."""
    await _known(db)
    await db.write(keeping.STAMP, {"id": aggregates.COUNTERS_ID, "version": keeping.VERSION})


async def _rekeep_pairs(tx: AsyncManagedTransaction, after: str) -> str | None:
    return await aggregates.rekeep_pairs(runner(tx), after, BATCH)


async def check(db: Database, on_progress: Progress = lambda *_: None) -> list[str]:
    """Every difference between the stored derived facts and the base facts (read-only);
    refused on a graph kept a newer way, which this release would compare with the old."""
    await _known(db)
    differences: list[str] = []

    async def compare(batch: list[Derived]) -> None:
        differences.extend(
            f"{o.kind} {o.id}: {name} is {stored!r}, the facts give {value!r}"
            for o in batch
            for name, value in o.want.items()
            if (stored := o.have.get(name)) != value
            and not (name == "derivedContributions" and _same(stored, value))
        )

    found = await expected(db, compare, on_progress)
    differences += await _compare_aggregates(db, found.aggregates)
    return differences


def _same(stored: str | None, value: str | None) -> bool:
    return sorted(map(str, decoded(stored))) == sorted(map(str, decoded(value)))


async def _compare_aggregates(
    db: Database, totals: Mapping[str, Mapping[str, Timeline]]
) -> list[str]:
    stored, out = await _stored_aggregates(db)
    for key in sorted(set(totals) | set(stored)):
        want = {m: t for m, t in totals.get(key, {}).items() if not t.empty}
        have = {m: t for m, t in stored.get(key, {}).items() if not t.empty}
        if want != have:
            out.append(f"{key}: stored {_shown(have)}, the facts give {_shown(want)}")
    return out


async def _pairs(db: Database) -> AsyncIterator[list[dict[str, Any]]]:
    """The stored pairs, a batch of organisations at a time (all at once outlasts the query
    timeout at scale 500)."""
    after = ""
    while True:
        rows = await db.read(
            aggregates.PAIRS_FROM.format(types="COLLABORATES|UNITS_OVERLAP"),
            {"after": after, "batch": BATCH},
        )
        if not rows:
            return
        yield [row for row in rows if row["type"] is not None]
        after = max(row["a"] for row in rows)


def _shown(measures: Mapping[str, Timeline]) -> str:
    return "{" + ", ".join(f"{m}: {t.base}{dict(sorted(t.steps.items())) or ''}"
                           for m, t in sorted(measures.items())) + "}"  # fmt: skip


async def _stored_aggregates(db: Database) -> tuple[dict[str, dict[str, Timeline]], list[str]]:
    """Every stored aggregate's timelines by key, and what is wrong with their kept values."""
    by_property = {v: k for k, v in aggregates.MEASURES.items()}
    out: dict[str, dict[str, Timeline]] = {}
    wrong: list[str] = []

    def keep(
        key: str, props: dict[str, Any], measures: Mapping[str, str], years: bool = False
    ) -> None:
        out[key] = {name: Timeline.stored(props, p) for p, name in measures.items()}
        wrong.extend(f"{key}: {problem}" for p in measures
                     if (problem := kept_difference(props, p, years)))  # fmt: skip

    async for rows in _pairs(db):
        for row in rows:
            prefix = "pair" if row["type"] == "COLLABORATES" else "units"
            key, props = f"{prefix}:{row['a']}:{row['b']}", row["props"]
            keep(key, props, by_property)
            if prefix == "pair":  # from the timelines `keep` read (a units correction has none)
                most, stored = peak(out[key].values()), props.get(aggregates.MOST_LINKS)
                if stored != most:
                    wrong.append(f"{key}: mostLinks is {stored}, the steps give {most}")
    cells = {m: m for m in aggregates.CELL_MEASURES}
    for row in await db.read("MATCH (c:CoverageCell) RETURN c.id AS id, properties(c) AS props"):
        keep(aggregates.cell_key(row["id"]), row["props"], cells)
    counters = {m: m for m in aggregates.COUNTER_MEASURES}
    for row in await db.read(
        "MATCH (g:EcosystemCounters) RETURN g.id AS id, properties(g) AS props"
    ):
        keep(aggregates.counters_key(row["id"]), row["props"], counters, years=True)
    return out, wrong
