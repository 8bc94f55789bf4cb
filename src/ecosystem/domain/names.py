"""Every GraphQL type name derived from the domain and from the questions' answers, in one
place: the schema declares them and the compiler answers `__typename` with them."""

from __future__ import annotations

import re

from ecosystem.domain.model import EnumType, NodeType, RelationshipEnd, RelationshipType, Scalar


def _pascal(field: str) -> str:
    return field[:1].upper() + field[1:]


def connection(node: NodeType) -> str:
    return f"{node.name}Connection"


def edge(node: NodeType) -> str:
    return f"{node.name}Edge"


def edge_connection(edge_type: str) -> str:
    """The connection of a question's edge type: DualQualifiedTrainerEdge → …Connection."""
    return edge_type.removesuffix("Edge") + "Connection"


def create_input(node: NodeType) -> str:
    return f"{node.name}CreateInput"


def update_input(node: NodeType) -> str:
    return f"{node.name}UpdateInput"


def upsert_payload(node: NodeType) -> str:
    return f"{node.name}UpsertPayload"


def relationship_input(rel: RelationshipType, creating: bool) -> str:
    """The input of a relationship's properties: AffiliatedWithInput, …UpdateInput."""
    return f"{_rel_pascal(rel)}{'Input' if creating else 'UpdateInput'}"


def relationship_field(op: str, rel: RelationshipType) -> str:
    """A relationship mutation: linkAffiliatedWith, updateAffiliatedWith, unlinkAffiliatedWith."""
    return f"{op}{_rel_pascal(rel)}"


def _rel_pascal(rel: RelationshipType) -> str:
    return rel.type.title().replace("_", "")


def where(node: NodeType) -> str:
    return f"{node.name}Where"


def sort(node: NodeType) -> str:
    return f"{node.name}Sort"


def end_connection(end: RelationshipEnd) -> str:
    return f"{end.here}{_pascal(end.field)}Connection"


def end_edge(end: RelationshipEnd) -> str:
    return f"{end.here}{_pascal(end.field)}Edge"


def end_filter(end: RelationshipEnd) -> str:
    """The `some / none / all` input of a relationship field in a `where`."""
    return f"{end.here}{_pascal(end.field)}Filter"


def end_where(end: RelationshipEnd) -> str:
    """`{ node: …Where, edge: …EdgeWhere }` inside a relationship filter."""
    return f"{end.here}{_pascal(end.field)}Where"


def relationship_where(rel: RelationshipType) -> str:
    return f"{_pascal(rel.type.lower().title().replace('_', ''))}EdgeWhere"


def scalar_filter(type_: Scalar | EnumType) -> str:
    return f"{type_.name if isinstance(type_, EnumType) else type_.value}Filter"


def kind(node: NodeType) -> str:
    """The `NodeKind` enum value of a node type: TrainingBase → TRAINING_BASE."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", node.name).upper()
