"""Row-level write rules as the write statements see them: a condition on what was locked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecosystem.graph.errors import Forbidden


@dataclass(frozen=True)
class Guard:
    """A Cypher condition over the locked node `n`, or a relationship's ends `a` and `b`,
    checked in the write's own transaction: true when the target is the writer's own."""

    condition: str
    params: Mapping[str, Any]
    what: str  # what the writer may touch, for the error message

    def refuse(self) -> Forbidden:
        return Forbidden(f"only {self.what} may be written with this key")


def condition(guard: Guard | None) -> str:
    """The Cypher to return `AS owned` (always true without a guard)."""
    return f"({guard.condition})" if guard else "true"


def params(guard: Guard | None) -> Mapping[str, Any]:
    return guard.params if guard else {}


def enforce(guard: Guard | None, owned: bool) -> None:
    if guard is not None and not owned:
        raise guard.refuse()
