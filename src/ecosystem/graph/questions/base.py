"""What every ecosystem question is: a root field whose answer is one Cypher statement."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from neo4j.time import Date

from ecosystem.domain.definitions import SCHOOL_KINDS
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.shapes import Obj, Shape, ShapeRenderer


@dataclass(frozen=True)
class InputSpec:
    """A GraphQL input type of a question: field → (Python annotation, description)."""

    name: str
    fields: Mapping[str, tuple[str, str]]
    description: str = ""


@dataclass(frozen=True)
class EnumSpec:
    name: str
    values: tuple[str, ...]
    description: str = ""


class Question(Protocol):
    name: str  # the root field
    description: str
    arguments: Mapping[str, str]  # argument → Python annotation (resolved among generated types)
    returns: str  # annotation of the answer
    answer: Sequence[Obj]  # the object types of the answer (nested ones included)
    inputs: Sequence[InputSpec]
    enums: Sequence[EnumSpec]

    def compile(self, field: Field, shapes: ShapeRenderer) -> tuple[str, Shape | None]:
        """The Cypher statement, returning one row with one column `data` (parameters go to
        `shapes.renderer`), and how to finish that value."""
        ...


def as_of(arguments: Mapping[str, Any]) -> Date:
    """The day a question is asked for (`asOf`, default today): it decides what is current."""
    day = arguments.get("asOf")
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return Date.from_native(day or datetime.date.today())


def current(affiliation: str, today: str) -> str:
    """Cypher: the affiliation relationship `affiliation` holds on the day `today`."""
    return (
        f"({affiliation}.since IS NULL OR {affiliation}.since <= {today}) AND "
        f"({affiliation}.until IS NULL OR {affiliation}.until >= {today})"
    )


def cypher_list(values: Sequence[str]) -> str:
    """A Cypher list literal of trusted constants from the domain definitions."""
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


SCHOOLS = cypher_list(SCHOOL_KINDS)
