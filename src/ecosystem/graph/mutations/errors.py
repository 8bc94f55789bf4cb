"""What a write can run into besides bad input (BadInput) and a missing node (NotFound)."""

from __future__ import annotations

import re
from typing import Any


class Conflict(Exception):
    """Someone else changed the node first (stale `expectedVersion`), or it still has
    relationships and `detach` was not given."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


class ConstraintViolation(Exception):
    """The write would break a uniqueness constraint (a natural key taken by another node)."""


# Neo4j's message names the label and property (and an internal node id we must not show).
_TAKEN = re.compile(r"label `(\w+)` and propert(?:y|ies) `?([\w`, ]+?)`? = ")


def violation(message: str | None) -> ConstraintViolation:
    """Neo4j's constraint error as our coded one: which key was taken, and no internals."""
    match = _TAKEN.search(message or "")
    if match is None:
        return ConstraintViolation("another node already has this natural key or unique value")
    label, names = match.group(1), match.group(2).replace("`", "")
    return ConstraintViolation(f"another {label} already has this {names}")
