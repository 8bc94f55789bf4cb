"""What an export reads: domain nodes and the relationships between them, streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import neo4j

from ecosystem.domain import Domain, EnumType, Property, Scalar
from ecosystem.graph import derived
from ecosystem.graph.database import Database, translated
from ecosystem.graph.export import derived as facts
from ecosystem.graph.questions.base import today

Kind = Literal["node", "relationship"]


@dataclass(frozen=True)
class ExportFilter:
    """Which part of the graph: node types (all by default) and provenance."""

    labels: tuple[str, ...] = ()
    source: str | None = None
    private: bool = True  # private properties too (only for keys that may read them)
    derived: bool = False  # the derived facts too, on the export's day (derived.py)

    @property
    def collaborations(self) -> bool:
        """Whether the derived COLLABORATES relationships are exported."""
        return self.derived and (not self.labels or "Organisation" in self.labels)


@dataclass(frozen=True)
class Item:
    kind: Kind
    id: str  # global id
    type: str  # label or relationship type
    properties: dict[str, Any]
    start: str | None = None  # relationships: global ids of both ends
    end: str | None = None


@dataclass(frozen=True)
class Schema:
    """Every exported property with one type per name (a name typed two ways is text)."""

    node: dict[str, Scalar | str] = field(default_factory=dict)
    relationship: dict[str, Scalar | str] = field(default_factory=dict)

    @classmethod
    def of(cls, domain: Domain, private: bool = True, derived: bool = False) -> Schema:
        nodes = _merge(
            p
            for n in domain.nodes
            for p in n.properties
            if p.name != "id" and (private or not p.private)
        )
        rels = _merge(p for r in domain.relationships for p in r.properties if p.name != "id")
        if derived:
            nodes |= facts.node_types()
            rels |= {name: kind for name, kind in facts.RELATIONSHIP.items() if name not in rels}
        return cls(nodes, rels)


def private_names(domain: Domain) -> tuple[str, ...]:
    return tuple(sorted({p.name for n in domain.nodes for p in n.properties if p.private}))


def _merge(props: Any) -> dict[str, Scalar | str]:
    merged: dict[str, Scalar | str] = {}
    for prop in props:
        kind = _kind(prop)
        if merged.get(prop.name, kind) != kind:
            kind = Scalar.STRING
        merged[prop.name] = kind
    return merged


def _kind(prop: Property) -> Scalar | str:
    base = Scalar.STRING if isinstance(prop.type, EnumType) else prop.type
    return f"{base.value}[]" if prop.many else base


def _labels(domain: Domain, chosen: ExportFilter) -> list[str]:
    known = [n.label for n in domain.nodes]
    return [label for label in known if not chosen.labels or label in chosen.labels]


def _matches(domain: Domain, chosen: ExportFilter) -> dict[Kind, list[str]]:
    """Each kind's reads, without their RETURN: the domain's, then the derived pairs."""
    labels = "|".join(_labels(domain, chosen))
    # The domain's types: derived relationships (COLLABORATES…) only when asked, below.
    types = "|".join(r.type for r in domain.relationships)
    pairs = [facts.pairs(bool(chosen.source))] if chosen.collaborations else []
    return {
        "node": [f"MATCH (n:{labels})" + (" WHERE n.source = $source" if chosen.source else "")],
        "relationship": [
            f"MATCH (a:{labels})-[r:{types}]->(b:{labels})"
            + (" WHERE r.source = $source" if chosen.source else ""),
            *pairs,
        ],
    }


FETCH = 2000


def _returns(schema: Schema, hidden: Sequence[str], chosen: ExportFilter) -> dict[Kind, list[str]]:
    """Each kind's RETURN clauses, one for each of `_matches`' reads, in the same order."""

    # Temporal values leave Neo4j as ISO text: hydrating them into driver objects, only to
    # print them again, was most of an export's time. Hidden (private) ones leave as null,
    # which the rows then drop.
    def props(var: str, types: dict[str, Scalar | str], added: str = "") -> str:
        temporal = [n for n, t in types.items() if t in (Scalar.DATE, Scalar.DATETIME)]
        extra = [f"{n}: toString({var}.{n})" for n in temporal] + [f"{n}: null" for n in hidden]
        return f"{var} {{.*{''.join(', ' + e for e in extra)}{added}}}"

    added = facts.node_properties() if chosen.derived else ""
    pairs = [facts.RETURN_PAIRS] if chosen.collaborations else []
    return {
        "node": [
            f" RETURN labels(n)[0] AS type, n.id AS id, {props('n', schema.node, added)} AS props"
        ],
        "relationship": [
            f" RETURN type(r) AS type, r.id AS id, {props('r', schema.relationship)} AS props, "
            "labels(a)[0] + ':' + a.id AS start, labels(b)[0] + ':' + b.id AS end",
            *pairs,
        ],
    }


def _parameters(chosen: ExportFilter) -> dict[str, Any]:
    return {"source": chosen.source, "today": today()}  # the questions' day


async def count(db: Database, domain: Domain, chosen: ExportFilter) -> dict[Kind, int]:
    """How many nodes and relationships the export holds (for progress bars)."""
    found: dict[Kind, int] = {}
    for kind, matches in _matches(domain, chosen).items():
        found[kind] = 0
        for match in matches:
            rows = await db.run_autocommit(
                match + " RETURN count(*) AS n", _parameters(chosen), mode="read"
            )
            found[kind] += int(rows[0]["n"])
    return found


async def items(
    db: Database,
    domain: Domain,
    chosen: ExportFilter,
    kinds: Sequence[Kind] = ("node", "relationship"),
) -> AsyncIterator[Item]:
    """Nodes, then relationships, as the driver streams them (2,000 rows a fetch)."""
    # Derived properties as stored (timelines, spans) are not base facts: never exported;
    # asked for, the derived facts come as the questions read them (derived.py).
    hidden = derived.PROPERTIES + (() if chosen.private else private_names(domain))
    matches = _matches(domain, chosen)
    returns = _returns(Schema.of(domain), hidden, chosen)
    with translated():
        async with db.driver.session(
            database=db.database, default_access_mode=neo4j.READ_ACCESS, fetch_size=FETCH
        ) as session:
            for kind in kinds:
                for match, return_ in zip(matches[kind], returns[kind], strict=True):
                    query = neo4j.Query(match + return_, timeout=db.export_timeout_s)
                    result = await session.run(query, _parameters(chosen))
                    while batch := await result.fetch(FETCH):  # one await a batch, not a row
                        for record in batch:
                            yield _item(kind, record)


def _item(kind: Kind, record: neo4j.Record) -> Item:
    props = {k: v for k, v in record["props"].items() if k != "id" and v is not None}
    global_id = f"{record['type']}:{record['id']}"
    if kind == "node":
        return Item(kind, global_id, record["type"], props)
    return Item(kind, global_id, record["type"], props, record["start"], record["end"])
