"""Keyset pages: ordering by sort keys (the id last), and the predicate for rows after a cursor.

A cursor holds the sort values of the last row seen; the next page is the rows strictly after
them in the ordering, nulls last ascending and first descending, as Neo4j sorts them. Both
predicates are written so that an index on the first key is read in order and the scan stops
after the page (bench/README.md, DeepPage).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ecosystem.graph.compiler.plan import SortKey

Param = Callable[[Any], str]  # a value → the parameter that carries it


def seek(
    order: Sequence[SortKey], after: Sequence[Any] | None, node: str, param: Param
) -> str | None:
    """Rows strictly after the cursor in the ordering (nulls last ascending, first
    descending, as Neo4j sorts them): the lexicographic keyset predicate."""
    if after is None:
        return None
    alternatives: list[str] = []
    equal_so_far: list[str] = []
    for sort_key, value in zip(order, after, strict=True):
        column = f"{node}.{sort_key.prop.name}"
        beyond = _after(sort_key, column, value, param)
        if beyond:
            alternatives.append(" AND ".join([*equal_so_far, beyond]))
        equal_so_far.append(f"{column} IS NULL" if value is None else f"{column} = {param(value)}")
    if not alternatives:
        return "false"
    seek = "(" + " OR ".join(f"({a})" for a in alternatives) + ")"
    bound = _range(order[0], f"{node}.{order[0].prop.name}", after[0], param)
    # In coalesce() the disjunction stays one filter: bare, Neo4j plans it as a union of
    # index seeks, loses the index's order and sorts every row (1.7 s vs 12 ms a page
    # of trainers at scale 500, bench/README.md).
    return f"({bound} AND coalesce({seek}, false))" if bound else seek


def _range(sort_key: SortKey, column: str, value: Any, param: Param) -> str | None:
    """The first key's half of the predicate as a plain range, which an index on it can
    seek in order; absent where nulls still follow, since a range excludes them."""
    if value is None or not (sort_key.descending or sort_key.prop.required):
        return None
    return f"{column} {'<=' if sort_key.descending else '>='} {param(value)}"


def ordered(order: Sequence[SortKey], node: str) -> str | None:
    """On a first page, `IS NOT NULL` on a required first key (true of every node) lets
    Neo4j read its index in order and stop after the page, not sort the label."""
    return f"{node}.{order[0].prop.name} IS NOT NULL" if order[0].prop.required else None


def _after(sort_key: SortKey, column: str, value: Any, param: Param) -> str | None:
    if value is None:
        return f"{column} IS NOT NULL" if sort_key.descending else None
    bound = param(value)
    if sort_key.descending:
        return f"{column} < {bound}"
    nulls_follow = "" if sort_key.prop.required else f" OR {column} IS NULL"
    return f"({column} > {bound}{nulls_follow})"


def order_by(order: Sequence[SortKey], node: str) -> str:
    return ", ".join(f"{node}.{k.prop.name}{' DESC' if k.descending else ''}" for k in order)


def sort_keys(order: Sequence[SortKey], node: str) -> str:
    return ", ".join(f"{node}.{k.prop.name}" for k in order)
