"""The Cypher helpers several ecosystem questions share (what a question is: the `Question`
protocol of compiler/vocabulary.py)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from neo4j.time import Date

from ecosystem.domain.definitions import SCHOOL_KINDS, SYNTHETIC_SOURCE
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Condition, Cypher, Filter, Live, Logical
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Question


def today() -> Date:
    return Date.from_native(datetime.date.today())


# Read when the statement runs: a compiled statement is cached and may outlive the day.
TODAY = Live(today)


def as_of(arguments: Mapping[str, Any]) -> Date | Live:
    """The day a question is asked for (`asOf`, default today): it decides what is current."""
    day = arguments.get("asOf")
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return TODAY if day is None else Date.from_native(day)


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


#: Every question (and `search`) takes `includeSample`: false leaves the generated sample out.
SAMPLE_ARGUMENT: Mapping[str, str] = {"include_sample": "bool | None"}
#: Cypher: `{node}` is not sample data. The sample never links a real body (docs/data.md), so
#: leaving sample nodes out leaves out every sample relationship with them.
NOT_SAMPLE = f"{{node}}.source <> '{SYNTHETIC_SOURCE}'"


def sample(field: Field, build: Builder, variable: str = "node") -> list[Cypher]:
    """The condition that leaves the sample out, when the field (or the default) asks so."""
    return [] if build.sample_included(field.arguments) else [Cypher(real(variable))]


def real(variable: str) -> str:
    """Cypher: the node in placeholder `variable` is not sample data."""
    return on(NOT_SAMPLE, variable)


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
    "NOT_SAMPLE",
    "SAMPLE_ARGUMENT",
    "SCHOOLS",
    "EnumSpec",
    "InputSpec",
    "Question",
    "all_of",
    "as_of",
    "current",
    "cypher_list",
    "on",
    "real",
    "sample",
]
