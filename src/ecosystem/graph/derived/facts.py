"""Reading what the definitions need: each object's facts, and which objects a change touches.

One statement per kind of object reads the facts of many objects at once (`read`); the
organisations in them come with their ancestors (PART_OF, any depth), which `collaborations`
counts units by. `around` finds the objects linked to a node whose own properties feed the
definitions (an organisation's kind or province, a credential's category, a profession).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any

from neo4j.time import Date

from ecosystem.domain.definitions import SYNTHETIC_SOURCE
from ecosystem.graph.derived.contributions import (
    Affiliation,
    Agreement,
    Base,
    Course,
    Held,
    Object,
    Org,
    Outcome,
    Recognition,
    Standard,
    Start,
    Trainer,
)
from ecosystem.graph.derived.timeline import Span

Run = Callable[[str, dict[str, Any]], Awaitable[list[dict[str, Any]]]]
Ref = tuple[str, str]  # (kind of object, raw id)

ORG = (
    "{{id: {o}.id, kind: {o}.kind, province: {o}.province, "
    "ancestors: COLLECT {{ MATCH ({o})-[:PART_OF*1..]->(up:Organisation) RETURN up.id }}}}"
)


def org(variable: str) -> str:
    return ORG.format(o=variable)


def orgs(pattern: str) -> str:
    """The organisations `(o)` a pattern reaches from the object `(x)`, each once."""
    return f"COLLECT {{ MATCH {pattern} WITH DISTINCT o RETURN {org('o')} }}"


PROFESSIONS = "COLLECT {{ MATCH {pattern} RETURN DISTINCT p.id }}"


def starts(types: str) -> str:
    """Each link of `types` from the object `(x)` to an organisation, with its `since`."""
    return (
        f"COLLECT {{ MATCH (x)-[l:{types}]->(o:Organisation) "
        "RETURN {org: o.id, kind: o.kind, since: l.since} }"
    )


LEARNERS = ("enrolled", "completed", "certified")

# The label an object kind has, and its facts as a map, for `(x)`.
READ: Mapping[str, tuple[str, str]] = {
    "Trainer": (
        "Trainer",
        "credentials: COLLECT { MATCH (x)-[h:HOLDS]->(c:Credential) RETURN {category: "
        "c.category, fromIndustry: c.fromIndustry, obtainedOn: h.obtainedOn, professions: "
        "COLLECT { MATCH (c)-[:CERTIFIES]->(p:Profession) RETURN DISTINCT p.id }} }, "
        "affiliations: COLLECT { MATCH (x)-[a:AFFILIATED_WITH]->(o:Organisation) RETURN "
        f"{{org: {org('o')}, since: a.since, until: a.until, type: a.type}} }}",
    ),
    "Course": (
        "Course",
        "professions: "
        + PROFESSIONS.format(pattern="(x)-[:PREPARES_FOR]->(p:Profession)")
        + ", developers: "
        + orgs("(x)-[:DEVELOPED_BY]->(o:Organisation)")
        + ", starts: "
        + starts("DEVELOPED_BY")
        + ", topics: coalesce(x.topics, []), recognitions: COLLECT { MATCH (x)<-[r:RECOGNISES]-"
        "(:Organisation) RETURN {credits: r.credits, since: r.since} }",
    ),
    "TrainingBase": (
        "TrainingBase",
        "province: x.province, professions: "
        + PROFESSIONS.format(pattern="(x)-[:TRAINS_FOR]->(p:Profession)")
        + ", organisations: "
        + orgs("(x)-[:OPERATED_BY|USED_BY]->(o:Organisation)")
        + ", starts: "
        + starts("OPERATED_BY|USED_BY"),
    ),
    "Standard": (
        "Standard",
        "level: x.level, status: x.status, publishedOn: x.publishedOn, professions: "
        + PROFESSIONS.format(pattern="(x)-[:COVERS]->(p:Profession)")
        + ", drafters: "
        + orgs("(x)-[:DRAFTED_BY]->(o:Organisation)")
        + ", implementers: "
        + orgs("(x)<-[:IMPLEMENTS]-(o:Organisation)"),
    ),
    "Agreement": ("Agreement", "parties: " + orgs("(x)<-[:PARTY_TO]-(o:Organisation)")),
    "TrainingOutcome": (
        "TrainingOutcome",
        "year: x.year, " + ", ".join(f"{name}: x.{name}" for name in LEARNERS),
    ),
}
# What each kind of object stores of its own (derived properties), read back to compare.
OUTPUTS: Mapping[str, tuple[str, ...]] = {
    "Trainer": (
        "derivedDual",
        "derivedDualSince",
        "derivedReciprocalSince",
        "derivedReciprocalUntil",
    ),
    "TrainingBase": ("derivedSharedBy", "derivedCrossSector"),
}

# Every property the derived facts keep on base nodes (left out of exports).
PROPERTIES = ("derivedContributions", *sorted({p for names in OUTPUTS.values() for p in names}))


def statement(kind: str) -> str:
    label, facts = READ[kind]
    outputs = ", ".join(f"{name}: x.{name}" for name in OUTPUTS.get(kind, ()))
    return (
        f"UNWIND $ids AS id MATCH (x:{label} {{id: id}}) "
        f"RETURN x.id AS id, {{sample: x.source = '{SYNTHETIC_SOURCE}', {facts}}} AS facts, "
        f"{{{outputs}}} AS outputs, "
        "x.derivedContributions AS stored"
    )


BATCH = 5000  # objects read by one statement


async def read(run: Run, kind: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of `id`, `facts` (as `build` reads them), `outputs` and `stored` contributions."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), BATCH):
        rows += await run(statement(kind), {"ids": list(ids[start : start + BATCH])})
    return rows


def build(kind: str, id_: str, facts: Mapping[str, Any]) -> Object:
    """The facts of one object as contributions.py reads them."""
    sample = bool(facts.get("sample"))
    if kind == "Trainer":
        return Trainer(id_, tuple(_held(c) for c in facts["credentials"]),
                       tuple(_affiliation(a) for a in facts["affiliations"]), sample)  # fmt: skip
    if kind == "Course":
        recognitions = tuple(
            Recognition(float(r["credits"] or 0), _day(r["since"])) for r in facts["recognitions"]
        )
        return Course(id_, tuple(facts["professions"]), _orgs(facts["developers"]), sample,
                      _starts(facts["starts"]), tuple(facts["topics"]), recognitions)  # fmt: skip
    if kind == "TrainingBase":
        return Base(id_, facts["province"], tuple(facts["professions"]),
                    _orgs(facts["organisations"]), sample, _starts(facts["starts"]))  # fmt: skip
    if kind == "Standard":
        return Standard(id_, facts["level"], facts["status"], tuple(facts["professions"]),
                        _orgs(facts["drafters"]), _orgs(facts["implementers"]), sample,
                        _day(facts["publishedOn"]))  # fmt: skip
    if kind == "TrainingOutcome":
        learners = tuple((name, int(facts[name] or 0)) for name in LEARNERS)
        return Outcome(id_, int(facts["year"]), learners, sample)
    return Agreement(id_, _orgs(facts["parties"]), sample)


def _starts(rows: Iterable[Mapping[str, Any]]) -> tuple[Start, ...]:
    return tuple(Start(r["org"], r["kind"], _day(r["since"])) for r in rows)


def _orgs(rows: Iterable[Mapping[str, Any]]) -> tuple[Org, ...]:
    return tuple(
        Org(r["id"], r["kind"], r["province"], tuple(sorted(r["ancestors"]))) for r in rows
    )


def _held(row: Mapping[str, Any]) -> Held:
    return Held(
        row["category"],
        row["fromIndustry"] is True,
        tuple(row["professions"]),
        _day(row.get("obtainedOn")),
    )


def _affiliation(row: Mapping[str, Any]) -> Affiliation:
    (org_,) = _orgs([row["org"]])
    return Affiliation(org_, Span(_day(row["since"]), _day(row["until"])), row.get("type"))


def _day(value: Any) -> Any:
    return value.to_native() if isinstance(value, Date) else value


# --- which objects a change touches ----------------------------------------------------------

# A relationship type → the end that is an object, and its kind (None: no derived fact reads it).
RELATIONSHIPS: Mapping[str, tuple[str, str] | None] = {
    "AFFILIATED_WITH": ("start", "Trainer"),
    "HOLDS": ("start", "Trainer"),
    "DEVELOPED_BY": ("start", "Course"),
    "PREPARES_FOR": ("start", "Course"),
    "OPERATED_BY": ("start", "TrainingBase"),
    "USED_BY": ("start", "TrainingBase"),
    "TRAINS_FOR": ("start", "TrainingBase"),
    "DRAFTED_BY": ("start", "Standard"),
    "COVERS": ("start", "Standard"),
    "IMPLEMENTS": ("end", "Standard"),
    "PARTY_TO": ("end", "Agreement"),
    "MEMBER_OF": None,  # membership is counted when asked (contributions.py)
    # A credential's professions are its holders' facts; a unit's parents are the facts of
    # whatever it and its own units link to: the nodes around these ends are touched.
    "CERTIFIES": ("around", "Credential"),
    "PART_OF": ("around", "Organisation"),
    "ISSUED_BY": None,
    "TEACHES": None,
    "ALIGNS_WITH": None,
    "INCLUDES": None,
    "RECOGNISES": ("end", "Course"),
}
# Properties of a relationship that the definitions read.
RELATIONSHIP_INPUTS: Mapping[str, frozenset[str]] = {
    "AFFILIATED_WITH": frozenset({"since", "until", "type"}),
    "HOLDS": frozenset({"obtainedOn"}),
    "DEVELOPED_BY": frozenset({"since"}),
    "OPERATED_BY": frozenset({"since"}),
    "USED_BY": frozenset({"since"}),
    "RECOGNISES": frozenset({"since", "credits"}),
}
# Properties of a node that the definitions read: its own (for an object) or its neighbours'.
INPUTS: Mapping[str, frozenset[str]] = {
    "Organisation": frozenset({"kind", "province"}),
    "Credential": frozenset({"category", "fromIndustry"}),
    "TrainingBase": frozenset({"province"}),
    "Standard": frozenset({"level", "status", "publishedOn"}),
    "Course": frozenset({"topics"}),
    "TrainingOutcome": frozenset({"year", *LEARNERS}),
}
KINDS = tuple(READ)
OBJECT_LABELS = {"Trainer", "Course", "TrainingBase", "Standard", "Agreement", "TrainingOutcome"}

# The objects linked to nodes (`$ids`) whose properties (or existence) their facts read.
AROUND: Mapping[str, str] = {
    "Organisation": (
        "UNWIND $ids AS key MATCH (:Organisation {id: key})<-[:PART_OF*0..]-(d:Organisation) "
        "WITH DISTINCT d CALL (d) { "
        "MATCH (d)<-[:AFFILIATED_WITH]-(x:Trainer) RETURN 'Trainer' AS kind, x.id AS id UNION "
        "MATCH (d)-[:DEVELOPED_BY|RECOGNISES]-(x:Course) RETURN 'Course' AS kind, x.id AS id "
        "UNION "
        "MATCH (d)<-[:OPERATED_BY|USED_BY]-(x:TrainingBase) RETURN 'TrainingBase' AS kind, "
        "x.id AS id UNION "
        "MATCH (d)-[:DRAFTED_BY|IMPLEMENTS]-(x:Standard) RETURN 'Standard' AS kind, x.id AS id "
        "UNION MATCH (d)-[:PARTY_TO]->(x:Agreement) RETURN 'Agreement' AS kind, x.id AS id } "
        "RETURN DISTINCT kind, id"
    ),
    "Credential": (
        "UNWIND $ids AS key MATCH (:Credential {id: key})<-[:HOLDS]-(x:Trainer) "
        "RETURN DISTINCT 'Trainer' AS kind, x.id AS id"
    ),
    "Profession": (
        "UNWIND $ids AS key MATCH (p:Profession {id: key}) CALL (p) { "
        "MATCH (p)<-[:CERTIFIES]-(:Credential)<-[:HOLDS]-(x:Trainer) RETURN 'Trainer' AS kind, "
        "x.id AS id UNION MATCH (p)<-[:PREPARES_FOR]-(x:Course) RETURN 'Course' AS kind, "
        "x.id AS id UNION MATCH (p)<-[:TRAINS_FOR]-(x:TrainingBase) RETURN 'TrainingBase' AS "
        "kind, x.id AS id UNION MATCH (p)<-[:COVERS]-(x:Standard) RETURN 'Standard' AS kind, "
        "x.id AS id } RETURN DISTINCT kind, id"
    ),
}


def feeds(label: str, props: Iterable[str], inputs: Mapping[str, frozenset[str]] = INPUTS) -> bool:
    """Whether writing these properties of a node (or relationship) can move a derived fact."""
    return not inputs.get(label, frozenset()).isdisjoint(props)


# Labels whose nodes, written or deleted, can move a derived fact.
DERIVING_LABELS = frozenset(AROUND) | OBJECT_LABELS


async def around(run: Run, label: str, ids: Sequence[str]) -> set[Ref]:
    """The objects whose facts read the nodes `label` `ids` (and the nodes, if objects)."""
    found: set[Ref] = set()
    if label in AROUND and ids:
        found |= {(r["kind"], r["id"]) for r in await run(AROUND[label], {"ids": list(ids)})}
    if label in OBJECT_LABELS:
        found |= {(label, raw) for raw in ids}
    return found


def touched_by_relationship(rel_type: str, start: str, end: str) -> tuple[set[Ref], set[Ref]]:
    """(objects, (label, id) of nodes around which objects are touched) by a relationship of
    `rel_type` from the node `start` to the node `end`."""
    rule = RELATIONSHIPS.get(rel_type)
    if rule is None:
        return set(), set()
    side, kind = rule
    if side == "around":
        return set(), {(kind, start)}
    return {(kind, start if side == "start" else end)}, set()
