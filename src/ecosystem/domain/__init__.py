"""What exists in the ecosystem: node and relationship types, enums and definitions.

This package is the one source of truth: constraints, GraphQL types, filters and the Cypher
mapping are all derived from `ECOSYSTEM`. It imports nothing from `graph` or `api`.
"""

from ecosystem.domain.ecosystem import ECOSYSTEM
from ecosystem.domain.model import (
    AtMost,
    Direction,
    Domain,
    EnumType,
    NodeType,
    Property,
    RelationshipEnd,
    RelationshipType,
    Scalar,
)

__all__ = [
    "ECOSYSTEM",
    "AtMost",
    "Direction",
    "Domain",
    "EnumType",
    "NodeType",
    "Property",
    "RelationshipEnd",
    "RelationshipType",
    "Scalar",
]
