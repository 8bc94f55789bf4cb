"""The authorization matrix's graph: two of every node type (`-x`, `-y`) with every private
field set, a partner's own organisation with a course it develops and one nobody develops
yet, a training outcome it reports and one nobody reports yet, and every relationship type
once between them (and once more where a partner owns one)."""

from __future__ import annotations

import itertools
from typing import Any

from ecosystem.domain import ECOSYSTEM, Property, RelationshipType, Scalar
from ecosystem.graph.mutations.validate import writable
from tests.support.graphs import gid

OWN_ORG, COURSE_OWN, COURSE_NEW = "Organisation-own", "Course-own", "Course-new"
OUTCOME_OWN, OUTCOME_NEW = "TrainingOutcome-own", "TrainingOutcome-new"
#: The partner's own node of each type it may update or delete (claimed through a link).
OWN_NODES = {"Organisation": OWN_ORG, "Course": COURSE_OWN, "TrainingOutcome": OUTCOME_OWN}
# Node types a partner claims by linking: the node it owns, and one nobody has claimed yet.
CLAIMED = {"Course": (COURSE_OWN, COURSE_NEW), "TrainingOutcome": (OUTCOME_OWN, OUTCOME_NEW)}


PRIVATE = [(n, p) for n in ECOSYSTEM.nodes for p in n.properties if p.private]


serial = itertools.count()


def _value(prop: Property, tag: str) -> Any:
    """A valid value for a required property (unique where it must be)."""
    if prop.is_enum:
        return prop.type.values[0]  # type: ignore[union-attr]
    if prop.pattern:  # standard numbers
        return f"T/MX {next(serial):03d}-2024"
    if prop.choices:
        return prop.choices[0]
    if prop.type is Scalar.DATE:
        return "2024-01-01"
    if prop.type in (Scalar.INT, Scalar.FLOAT):  # the lowest allowed, or one
        low = prop.minimum if prop.minimum is not None else 1
        return int(low) if prop.type is Scalar.INT else float(low)
    return f"{tag} {next(serial)}"


def required(props: tuple[Property, ...], tag: str) -> dict[str, Any]:
    return {p.name: _value(p, tag) for p in writable(props) if p.required and p.name != "source"}


def _nodes() -> dict[str, tuple[str, dict[str, Any]]]:
    nodes: dict[str, tuple[str, dict[str, Any]]] = {}
    for node in ECOSYSTEM.nodes:
        for tag in ("x", "y"):
            props = required(node.properties, f"{node.name}-{tag}")
            props.update({p.name: f"{p.name} of {tag}" for owner, p in PRIVATE if owner is node})
            nodes[f"{node.name}-{tag}"] = (node.label, props)
    for name in (OWN_ORG, COURSE_OWN, COURSE_NEW, OUTCOME_OWN, OUTCOME_NEW):
        label = name.split("-")[0]
        nodes[name] = (label, required(ECOSYSTEM.node(label).properties, name))
    return nodes


def own_ends(rel: RelationshipType, linking: bool = False) -> tuple[str, str] | None:
    """The partner's own instance of `rel`, or None when a partner owns none."""
    if rel.target == "Organisation":
        start = f"{rel.source}-x"
        if rel.source in CLAIMED:  # one it claims (to link: one nobody has claimed yet)
            owned, new = CLAIMED[rel.source]
            start = new if linking else owned
        return start, OWN_ORG
    if rel.source in CLAIMED:
        return CLAIMED[rel.source][0], f"{rel.target}-x"
    if rel.source == "Organisation":  # from its own organisation (a credit recognition…)
        return OWN_ORG, f"{rel.target}-x"
    return None


def _links() -> list[tuple[str, str, str, dict[str, Any]]]:
    links: list[tuple[str, str, str, dict[str, Any]]] = [
        ("Course-x", "DEVELOPED_BY", "Organisation-x", {}),
    ]
    for rel in ECOSYSTEM.relationships:
        props = required(rel.properties, rel.type)
        links.append((f"{rel.source}-x", rel.type, f"{rel.target}-y", props))
        if (ends := own_ends(rel)) is not None:
            links.append((ends[0], rel.type, ends[1], props))
    return links


NODES, LINKS = _nodes(), _links()


def link_id(start: str, type_: str, end: str) -> str:
    index = next(i for i, (a, t, b, _) in enumerate(LINKS) if (a, t, b) == (start, type_, end))
    return gid(type_, f"link{index}")
