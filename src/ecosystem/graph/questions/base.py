"""What every ecosystem question is: a root field planned from its arguments and selection,
answered by one Cypher statement; and the Cypher helpers several questions share."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from neo4j.time import Date

from ecosystem.domain.definitions import SCHOOL_KINDS
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Condition, Cypher, Filter, Logical, Root
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Obj


class Question(Protocol):
    name: str  # the root field
    description: str
    arguments: Mapping[str, str]  # argument → Python annotation (resolved among generated types)
    returns: str  # annotation of the answer
    answer: Sequence[Obj]  # the object types of the answer (nested ones included)
    inputs: Sequence[InputSpec]
    enums: Sequence[EnumSpec]
    requires: str | None  # a grant the caller must hold (domain/access.py `Grant`), if any

    def plan(self, field: Field, build: Builder) -> Root:
        """The plan of this request's answer (arguments checked, names and values bound)."""
        ...


def as_of(arguments: Mapping[str, Any]) -> Date:
    """The day a question is asked for (`asOf`, default today): it decides what is current."""
    day = arguments.get("asOf")
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return Date.from_native(day or datetime.date.today())


def current(affiliation: str, today: str = "{today}") -> str:
    """Cypher: the affiliation relationship `affiliation` holds on the day `today` (by default
    the placeholder a question binds to its `asOf`)."""
    return (
        f"({affiliation}.since IS NULL OR {affiliation}.since <= {today}) AND "
        f"({affiliation}.until IS NULL OR {affiliation}.until >= {today})"
    )


def cypher_list(values: Sequence[str]) -> str:
    """A Cypher list literal of trusted constants from the domain definitions."""
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def on(template: str, variable: str) -> str:
    """A template about `{node}` made about the placeholder `variable` instead."""
    return template.replace("{node}", "{" + variable + "}")


def all_of(conditions: Sequence[Cypher]) -> Filter | None:
    """The conditions together, as a filter (None when there are none)."""
    parts = tuple(Condition(c) for c in conditions)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Logical("AND", parts)


SCHOOLS = cypher_list(SCHOOL_KINDS)

__all__ = [
    "SCHOOLS",
    "EnumSpec",
    "InputSpec",
    "Question",
    "all_of",
    "as_of",
    "current",
    "cypher_list",
    "on",
]
