"""Each record checked against the domain with the same rules as a mutation's input."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ecosystem.domain import AtMost, Domain, Property
from ecosystem.graph import ids
from ecosystem.graph.errors import BadInput
from ecosystem.graph.importing.records import Problem, Record
from ecosystem.graph.mutations.validate import check_value, rule_broken, rule_text, writable


@dataclass(frozen=True)
class _Declared:
    """What a type accepts, worked out once per type rather than once per row."""

    names: frozenset[str]
    writable: tuple[Property, ...]
    settable: frozenset[str]


@cache
def _declared(props: tuple[Property, ...]) -> _Declared:
    settable = tuple(writable(props))
    return _Declared(
        frozenset(p.name for p in props), settable, frozenset(p.name for p in settable)
    )


def check(record: Record, domain: Domain) -> list[Problem]:
    """Problems of one record (none: it is ready to write, values in their stored form)."""
    if record.kind == "node":
        return _check_node(record, domain)
    return _check_relationship(record, domain)


def _check_props(record: Record, props: tuple[Property, ...]) -> list[Problem]:
    """Check what a client may write; maintained values in a file (`updatedAt`, `version`,
    as an export writes them) are left to the database."""
    problems: list[Problem] = []
    declared, (file, row) = _declared(props), record.where
    for name in [n for n in record.props if n not in declared.settable]:
        if name in declared.names:
            del record.props[name]
        else:
            problems.append(Problem(file, row, name, f"{record.type} has no property {name!r}"))
    for prop in declared.writable:
        value = record.props.get(prop.name)
        if value is None:
            if prop.required and prop.name != "source":
                problems.append(Problem(file, row, prop.name, "is required"))
            continue
        try:
            record.props[prop.name] = check_value(prop, value, (prop.name,))
        except BadInput as error:
            problems.append(Problem(file, row, prop.name, f"{error} (expected {error.expected})"))
        except (TypeError, ValueError) as error:
            problems.append(Problem(file, row, prop.name, str(error)))
    return problems


def _check_node(record: Record, domain: Domain) -> list[Problem]:
    try:
        node = domain.node(record.type)
    except KeyError:
        return [Problem(*record.where, "type", f"unknown node type {record.type!r}")]
    problems = _check_props(record, node.properties)
    if record.id is not None and _raw(record.id, node.name) is None:
        problems.append(Problem(*record.where, "id", f"{record.id!r} is not a {node.name} id"))
    for name in node.natural_key:
        if record.props.get(name) is None and not any(p.field == name for p in problems):
            problems.append(Problem(*record.where, name, "is part of the natural key"))
    return problems + ([] if problems else _rules(record, node.rules))


def _check_relationship(record: Record, domain: Domain) -> list[Problem]:
    try:
        rel = domain.relationship(record.type)
    except KeyError:
        return [Problem(*record.where, "type", f"unknown relationship type {record.type!r}")]
    problems = _check_props(record, rel.properties)
    for name, end, expected in (
        ("start", record.start, rel.source),
        ("end", record.end, rel.target),
    ):
        if _raw(end, expected) is None:
            problems.append(Problem(*record.where, name, f"{end!r} is not the id of a {expected}"))
    return problems + ([] if problems else _rules(record, rel.rules))


def _rules(record: Record, rules: tuple[AtMost, ...]) -> list[Problem]:
    """The domain's rules between two properties the record's values break."""
    return [
        Problem(
            *record.where,
            rule.lower,
            f"{rule_broken(rule, record.props)} (expected {rule_text(rule)})",
        )
        for rule in rules
        if rule.broken(record.props)
    ]


def _raw(global_id: str | None, prefix: str) -> str | None:
    decoded = ids.decode(global_id or "")
    return decoded[1] if decoded is not None and decoded[0] == prefix else None


def raw_id(global_id: str | None) -> str | None:
    """The uuid part of a checked global id."""
    decoded = ids.decode(global_id or "")
    return decoded[1] if decoded else None
