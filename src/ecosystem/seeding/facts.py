"""The real facts of the two source documents, read from `seeds/facts.json`.

The file lists nodes by type and relationships by the natural keys of their ends; each record
names its document by a key of `sources`, resolved here to the document's full description, and
quotes the words of it that say the fact (`quote`: evidence for tests/test_facts.py, not data).
Dates are ISO strings in the file and `datetime.date` values here (stored as Neo4j Dates).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ecosystem import resources
from ecosystem.domain import ECOSYSTEM, Property, Scalar
from ecosystem.seeding.records import Dataset, Key, NodeRecord, Props, RelationshipRecord

FACTS_FILE = resources.FACTS
SOURCES_DIR = resources.SOURCES  # the documents, as `<key of sources>.txt`
EVIDENCE = "quote"


class FactsError(ValueError):
    """The facts file does not have the expected layout."""


def load(path: Path = FACTS_FILE) -> Dataset:
    raw = json.loads(path.read_text(encoding="utf-8"))
    sources: dict[str, str] = raw["sources"]
    nodes = [
        NodeRecord(type_, _props(_declared(type_), item, sources))
        for type_, items in raw["nodes"].items()
        for item in items
    ]
    return Dataset(nodes, [_relationship(item, sources) for item in raw["relationships"]])


def _relationship(item: dict[str, Any], sources: dict[str, str]) -> RelationshipRecord:
    type_ = item["type"]
    rel = ECOSYSTEM.relationship(type_)
    declared = {p.name: p for p in rel.properties}
    props = _props(declared, {"source": item["source"], **item.get("properties", {})}, sources)
    return RelationshipRecord(
        type_, _key(rel.source, item["from"]), _key(rel.target, item["to"]), props
    )


def _key(node_type: str, end: dict[str, Any]) -> Key:
    names = ECOSYSTEM.node(node_type).natural_key
    if set(end) != set(names):
        raise FactsError(f"a {node_type} end must give exactly {names}, not {sorted(end)}")
    return tuple(end[name] for name in names)


def _declared(type_: str) -> dict[str, Property]:
    if type_ not in {n.name for n in ECOSYSTEM.nodes}:
        return {}  # validation reports the unknown type
    return {p.name: p for p in ECOSYSTEM.node(type_).properties}


def _props(declared: dict[str, Property], item: dict[str, Any], sources: dict[str, str]) -> Props:
    props: Props = {}
    for name, value in item.items():
        if value is None or name == EVIDENCE:
            continue
        prop = declared.get(name)
        is_date = prop is not None and prop.type is Scalar.DATE and isinstance(value, str)
        props[name] = date.fromisoformat(value) if is_date else value
    if props.get("source") not in sources:
        raise FactsError(f"{item}: `source` must be one of {sorted(sources)}")
    props["source"] = sources[str(props["source"])]
    return props
