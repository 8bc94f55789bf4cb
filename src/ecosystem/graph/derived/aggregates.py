"""Where the derived totals live, and how a difference of contributions is added to them.

- `(a:Organisation)-[:COLLABORATES]->(b:Organisation)` for two organisations (a.id < b.id) with
  at least one link: a count per channel (`coDevelopedCourse`, `sharedBase`, …), the shared
  trainers as a timeline (timeline.py), and `mostLinks`, the most links over every channel on
  any one day (indexed: a network asking for a least strength skips the pairs that cannot
  reach it without reading their counts);
- `(x)-[:UNITS_OVERLAP]->(z)`: the correction for `x` counted with its units (contributions.py);
- `(:CoverageCell {id: "<profession id>|<province>"})`: one coverage cell's measures;
- `(:EcosystemCounters {id: "ecosystem"})`: the counters ecosystemStats reports, and the
  pairs' version (new whenever a pair moves). Its lock is the derived facts' lock: every write
  that changes them takes it first (maintain.py);
- the sample's own cells and counters (`(:CoverageCell {id: "sample|<profession>|<province>"})`,
  `(:EcosystemCounters {id: "sample"})`): what sample objects add, which a question leaving the
  sample out subtracts (contributions.py).

Each carries its provenance (`source: "derived"`, an `id`, `updatedAt`: when a write last
moved it), is written only here, and never through the API.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ecosystem.domain.definitions import Channel
from ecosystem.graph.derived import progress
from ecosystem.graph.derived.contributions import COUNTERS, SAMPLE, Contribution
from ecosystem.graph.derived.facts import Run
from ecosystem.graph.derived.kept import KEPT_COUNTS
from ecosystem.graph.derived.timeline import Timeline, grouped, peak

DERIVED = "derived"
COUNTERS_ID = "ecosystem"
SAMPLE_COUNTERS_ID = "sample"
SAMPLE_CELL = "sample|"  # before a sample cell's "<profession>|<province>"
# Relationship types and labels only the derived facts write (left out of exports, paths,
# counts of base facts, and never writable through the API).
RELATIONSHIP_TYPES = ("COLLABORATES", "UNITS_OVERLAP")
LABELS = ("CoverageCell", "EcosystemCounters")


def channel_property(channel: Channel) -> str:
    """CO_DEVELOPED_COURSE → coDevelopedCourse: the property a pair counts a channel in."""
    head, *rest = channel.value.lower().split("_")
    return head + "".join(word.title() for word in rest)


MEASURES: Mapping[str, str] = {c.value: channel_property(c) for c in Channel}
# The channels a COLLABORATES pair counts: alliance membership is counted from MEMBER_OF when
# asked (it would join every member of an alliance to every other).
PAIR_CHANNELS = tuple(c for c in Channel if c is not Channel.COMMON_MEMBERSHIP)
CELL_MEASURES = ("courses", "trainingBases", "standards", "dualQualifiedTrainers")
COUNTER_MEASURES = (
    "dualQualifiedTrainers",
    "sharedTrainingBases",
    "reciprocalHires",
    *progress.MEASURES,
    *(m for count in KEPT_COUNTS for m in count.measures),
)

MOST_LINKS = "mostLinks"


def most_links(props: Mapping[str, Any]) -> int:
    """A stored pair's most links over every channel on any one day: times the largest weight
    asked for, no day's strength can be greater."""
    return peak(Timeline.stored(props, m) for m in MEASURES.values())


# A new value each time a write moves a COLLABORATES relationship: what is measured over all
# the pairs (ecosystemStats' largest component) is measured again only for a new version.
PAIRS_VERSION = "pairsVersion"
NEW_PAIRS_VERSION = f"MATCH (g:EcosystemCounters {{id: $id}}) SET g.{PAIRS_VERSION} = randomUUID()"

_LOCKED = "SET g.`_lock` = true REMOVE g.`_lock` RETURN properties(g) AS props"
LOCK = (  # the counters node, made if missing, locked
    "MERGE (g:EcosystemCounters {id: $id}) "
    "ON CREATE SET g.source = 'derived', g.updatedAt = datetime() " + _LOCKED
)
LOCKED = "MATCH (g:EcosystemCounters {id: $id}) " + _LOCKED  # an existing one, locked
READ_PAIRS = (
    "UNWIND $keys AS key MATCH (:Organisation {id: key[0]})-[c:COLLABORATES]->"
    "(:Organisation {id: key[1]}) RETURN key, properties(c) AS props"
)
READ_UNITS = (
    "UNWIND $keys AS key MATCH (:Organisation {id: key[0]})-[c:UNITS_OVERLAP]->"
    "(:Organisation {id: key[1]}) RETURN key, properties(c) AS props"
)
PAIRS_FROM = (  # a batch of organisations in id order, each with the pairs it begins
    "MATCH (a:Organisation) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $batch "
    "OPTIONAL MATCH (a)-[c:{types}]->(b) "
    "RETURN a.id AS a, type(c) AS type, b.id AS b, properties(c) AS props"
)
READ_CELLS = (
    "UNWIND $keys AS key MATCH (c:CoverageCell {id: key}) RETURN key, properties(c) AS props"
)
WRITE_PAIRS = (
    "UNWIND $rows AS row MATCH (a:Organisation {id: row.key[0]}), "
    "(b:Organisation {id: row.key[1]}) "
    "MERGE (a)-[c:COLLABORATES]->(b) ON CREATE SET c.id = randomUUID() "
    "SET c += row.props, c.source = 'derived', c.updatedAt = datetime() "
    "WITH c, row WHERE row.gone DELETE c"
)
WRITE_UNITS = (
    "UNWIND $rows AS row MATCH (a:Organisation {id: row.key[0]}), "
    "(b:Organisation {id: row.key[1]}) "
    "MERGE (a)-[c:UNITS_OVERLAP]->(b) ON CREATE SET c.id = randomUUID() "
    "SET c += row.props, c.source = 'derived', c.updatedAt = datetime() "
    "WITH c, row WHERE row.gone DELETE c"
)
WRITE_CELLS = (
    "UNWIND $rows AS row MERGE (c:CoverageCell {id: row.key}) "
    "SET c += row.props, c.source = 'derived', c.updatedAt = datetime(), "
    "c.profession = row.profession, "
    "c.province = row.province WITH c, row WHERE row.gone DELETE c"
)
WRITE_MOST_LINKS = (
    "UNWIND $rows AS row MATCH (:Organisation {id: row.key[0]})-[c:COLLABORATES]->"
    "(:Organisation {id: row.key[1]}) SET c.mostLinks = row.most"
)
WRITE_COUNTERS = "MATCH (g:EcosystemCounters {id: $id}) SET g += $props, g.updatedAt = datetime()"


def difference(
    before: Iterable[Contribution], after: Iterable[Contribution]
) -> list[tuple[str, str, Any, int]]:
    """What adding `after` and taking away `before` does, as (key, measure, span, weight)."""
    lines = [(c.key, c.measure, c.span, c.weight) for c in after]
    lines += [(c.key, c.measure, c.span, -c.weight) for c in before]
    return lines


async def apply(run: Run, lines: list[tuple[str, str, Any, int]]) -> None:
    """Add the timelines `lines` make to the stored aggregates (the lock is already held)."""
    changes = {key: measures for key, measures in grouped(lines).items() if _moves(measures)}
    if not changes:
        return
    by_kind: dict[str, dict[str, dict[str, Timeline]]] = defaultdict(dict)
    for key, measures in changes.items():
        kind = key.split(":", 1)[0]
        by_kind[kind][key] = measures
    await _pairs(run, "pair", by_kind["pair"], READ_PAIRS, WRITE_PAIRS)
    if by_kind["pair"]:
        await run(NEW_PAIRS_VERSION, {"id": COUNTERS_ID})
    await _pairs(run, "units", by_kind["units"], READ_UNITS, WRITE_UNITS)
    await _cells(run, by_kind["cell"], "")
    await _cells(run, by_kind[f"{SAMPLE}cell"], SAMPLE_CELL)
    for key, stored_id in ((COUNTERS, COUNTERS_ID), (SAMPLE + COUNTERS, SAMPLE_COUNTERS_ID)):
        if key in by_kind:
            await _counters(run, stored_id, by_kind[key][key])


def cell_key(stored_id: str) -> str:
    """The aggregate key of a stored CoverageCell id."""
    if stored_id.startswith(SAMPLE_CELL):
        return f"{SAMPLE}cell:{stored_id.removeprefix(SAMPLE_CELL)}"
    return f"cell:{stored_id}"


def counters_key(stored_id: str) -> str:
    """The aggregate key of a stored EcosystemCounters id."""
    return SAMPLE + COUNTERS if stored_id == SAMPLE_COUNTERS_ID else COUNTERS


def _moves(measures: Mapping[str, Timeline]) -> bool:
    return any(not t.empty for t in measures.values())


async def _pairs(
    run: Run, kind: str, changes: Mapping[str, Mapping[str, Timeline]], read: str, write: str
) -> None:
    if not changes:
        return
    keys = [key.split(":")[1:] for key in changes]
    stored = {tuple(r["key"]): r["props"] for r in await run(read, {"keys": keys})}
    rows = []
    for key, measures in changes.items():
        ends = tuple(key.split(":")[1:])
        before = stored.get(ends, {})
        props = _added(before, {MEASURES[m]: t for m, t in measures.items()})
        if kind == "pair":
            props[MOST_LINKS] = most_links({**before, **props})
        gone = _zero({**before, **props}, MEASURES.values())
        rows.append({"key": list(ends), "props": props, "gone": gone})
    await run(write, {"rows": rows})


async def _cells(run: Run, changes: Mapping[str, Mapping[str, Timeline]], prefix: str) -> None:
    if not changes:
        return
    ids = [prefix + key.split(":", 1)[1] for key in changes]
    stored = {r["key"]: r["props"] for r in await run(READ_CELLS, {"keys": ids})}
    rows = []
    for key, measures in changes.items():
        profession, province = key.split(":", 1)[1].split("|", 1)
        cell_id = prefix + key.split(":", 1)[1]
        before = stored.get(cell_id, {})
        props = _added(before, measures)
        gone = _zero({**before, **props}, CELL_MEASURES)
        rows.append({"key": cell_id, "props": props, "gone": gone,
                     "profession": profession, "province": province})  # fmt: skip
    await run(WRITE_CELLS, {"rows": rows})


async def rekeep_counters(run: Run) -> None:
    """Write again what each counters node keeps about its timelines (the value for today, the
    year ends) from the steps it stores, under its lock (the `.rekeep` migrations)."""
    for stored_id in (COUNTERS_ID, SAMPLE_COUNTERS_ID):
        found = await run(LOCKED, {"id": stored_id})
        if found:
            props = found[0]["props"]
            stored = {m: Timeline.stored(props, m) for m in COUNTER_MEASURES}
            rewritten = _added({}, stored, years=True)
            await run(WRITE_COUNTERS, {"id": stored_id, "props": rewritten})


async def rekeep_pairs(run: Run, after: str, batch: int) -> str | None:
    """Write again the most links of the pairs that the `batch` organisations after `after`
    (in id order) begin, from the timelines they store, under the derived facts' lock; the
    last organisation's id, or None past the last."""
    await run(LOCKED, {"id": COUNTERS_ID})
    rows = await run(PAIRS_FROM.format(types="COLLABORATES"), {"after": after, "batch": batch})
    if not rows:
        return None
    most = [{"key": [r["a"], r["b"]], "most": most_links(r["props"])} for r in rows if r["b"]]
    await run(WRITE_MOST_LINKS, {"rows": most})
    return str(max(r["a"] for r in rows))


async def _counters(run: Run, stored_id: str, measures: Mapping[str, Timeline]) -> None:
    stored = (await run(LOCK, {"id": stored_id}))[0]["props"]
    props = _added(stored, measures, years=True)
    await run(WRITE_COUNTERS, {"id": stored_id, "props": props})


def _added(
    stored: Mapping[str, Any], changes: Mapping[str, Timeline], years: bool = False
) -> dict[str, Any]:
    """The stored timelines of each changed measure, with the change added (and with
    `years`, their year ends: the counters', which allianceProgress reads by year)."""
    props: dict[str, Any] = {}
    for measure, change in changes.items():
        total = Timeline.stored(stored, measure)
        total.base += change.base
        for day, step in change.steps.items():
            total.add_step(day, step)
        props.update(total.properties(measure, years=years))
    return props


def _zero(props: Mapping[str, Any], measures: Iterable[str]) -> bool:
    """Whether every measure of an aggregate is zero on every day: nothing left to keep."""
    return all(not props.get(m) and not props.get(f"{m}Days") for m in measures)
