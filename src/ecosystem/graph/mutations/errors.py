"""What a write can run into besides bad input (BadInput) and a missing node (NotFound)."""

from __future__ import annotations

from typing import Any


class Conflict(Exception):
    """Someone else changed the node first (stale `expectedVersion`), or it still has
    relationships and `detach` was not given."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


class ConstraintViolation(Exception):
    """The write would break a uniqueness constraint (a natural key taken by another node)."""
