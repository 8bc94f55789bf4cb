"""What the graph layer refuses, each a condition a client can act on (api/errors.py gives
each its code). The database's own outage and contention errors live in database.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


def _dotted(argument: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in argument)


class BadInput(ValueError):
    """An argument the schema accepts but the graph cannot honour (too large a page, a
    malformed id or cursor, two keys in one sort item…). `argument` is its path in the
    request, e.g. `organisations.where.signedOn.gt`; `expected` says what would be accepted."""

    def __init__(self, message: str, argument: Sequence[str | int], expected: str) -> None:
        super().__init__(message)
        self.argument = _dotted(argument)
        self.expected = expected


class ForbiddenField(BadInput):
    """A `where` on a private property from a viewer who may not read it (FORBIDDEN_FIELD)."""


class NotFound(LookupError):
    """The node an argument names does not exist (`argument` as in BadInput)."""

    def __init__(self, message: str, argument: Sequence[str | int]) -> None:
        super().__init__(message)
        self.argument = _dotted(argument)


class Forbidden(Exception):
    """The caller may not do this, or not to this target (code FORBIDDEN)."""


class Conflict(Exception):
    """Someone else changed the node first (stale `expectedVersion`), or it still has
    relationships and `detach` was not given."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


class Outdated(Exception):
    """This release keeps the derived facts an older way than the graph's newest migration
    asks (code UPGRADE_REQUIRED): during a rolling upgrade, a write of the previous release
    would otherwise leave them stale. `kept_by` is the graph's way, `knows` this release's."""

    def __init__(self, kept_by: int, knows: int) -> None:
        super().__init__(
            f"the graph's derived facts are kept as migration {kept_by:04d} asks, and this "
            f"instance knows only up to {knows:04d}: upgrade it (nothing was written)"
        )
        self.kept_by, self.knows = kept_by, knows


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
