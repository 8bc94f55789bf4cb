"""Inputs checked against the domain before anything is written."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from neo4j.time import Date

from ecosystem.domain import AtMost, NodeType, Property, RelationshipType, Scalar
from ecosystem.graph.errors import BadInput
from ecosystem.graph.temporal import offset_datetime

Path = Sequence[str | int]


def writable(props: Sequence[Property]) -> list[Property]:
    """What a client may set: every property but the maintained ones, and provenance."""
    return [p for p in props if not p.system or p.name == "source"]


def check_input(
    node: NodeType, values: Mapping[str, Any], *, creating: bool, path: Path
) -> dict[str, Any]:
    """Stored values for a create or update input; an explicit null removes a property.
    A create's values are whole, so its rules are checked here; an update's once the node's
    stored values are known (`check_rules` under its lock)."""
    checked = _check(node.properties, values, creating=creating, path=path)
    if creating:
        check_rules(node, checked, path)
    return checked


def check_rules(
    owner: NodeType | RelationshipType, values: Mapping[str, Any], path: Path = ("input",)
) -> None:
    """BadInput for the first rule of a node or relationship type (domain `AtMost`) the
    values break."""
    for rule in owner.rules:
        if rule.broken(values):
            raise BadInput(rule_broken(rule, values), (*path, rule.lower), rule_text(rule))


def rule_broken(rule: AtMost, values: Mapping[str, Any]) -> str:
    return f"{rule.lower} ({values[rule.lower]}) is more than {rule.upper} ({values[rule.upper]})"


def rule_text(rule: AtMost) -> str:
    return f"{rule.lower} ≤ {rule.upper}"


def check_relationship_input(
    rel: RelationshipType, values: Mapping[str, Any], *, creating: bool, path: Path
) -> dict[str, Any]:
    checked = _check(rel.properties, values, creating=creating, path=path)
    if creating:
        check_rules(rel, checked, path)
    return checked


def _check(
    props: Sequence[Property], values: Mapping[str, Any], *, creating: bool, path: Path
) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for prop in writable(props):
        required = prop.required and prop.name != "source"
        if prop.name not in values or values[prop.name] is None:
            if required and (creating or prop.name in values):
                raise BadInput(f"{prop.name} is required", (*path, prop.name), "a value")
            if prop.name in values:
                checked[prop.name] = None
            continue
        checked[prop.name] = check_value(prop, values[prop.name], (*path, prop.name))
    return checked


def check_value(prop: Property, value: Any, at: Path) -> Any:
    if prop.many:
        return [check_value(_one(prop), v, (*at, i)) for i, v in enumerate(value)]
    if isinstance(value, str):
        _check_text(prop, value, at)
    if isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(prop, value, at)
    if prop.type is Scalar.DATE:
        return Date.from_native(
            value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        )
    if prop.type is Scalar.DATETIME:
        return offset_datetime(value)
    return value


def _one(prop: Property) -> Property:
    return Property(prop.name, prop.type, max_length=prop.max_length or 500)


def _check_text(prop: Property, value: str, at: Path) -> None:
    limit = prop.max_length or 500
    if not value.strip():
        raise BadInput(f"{prop.name} cannot be blank", at, "some text")
    if len(value) > limit:
        raise BadInput(
            f"{prop.name} is longer than {limit} characters", at, f"≤ {limit} characters"
        )
    if "\x00" in value:
        raise BadInput(f"{prop.name} contains a null character", at, "text without U+0000")
    if prop.choices is not None and value not in prop.choices:
        raise BadInput(
            f"{value!r} is not a valid {prop.name}", at, f"one of {', '.join(prop.choices[:6])}…"
        )
    if prop.pattern is not None and not re.match(prop.pattern, value):
        raise BadInput(f"{value!r} is not a valid {prop.name}", at, prop.description)


def _check_number(prop: Property, value: float, at: Path) -> None:
    low, high = prop.minimum, prop.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadInput(
            f"{prop.name} must be between {low} and {high}", at, f"a number from {low} to {high}"
        )
