"""The one pass over Neo4j's answer: opaque cursors, keys in the order they were asked, and
what Python adds to a question's answer.

Cypher cannot encode base64, so rows carry their raw sort keys (graph/rows.py) and this pass
encodes them where a cursor was selected. Neo4j's maps are unordered, while GraphQL responses
list keys in selection order, so the same pass rebuilds each object in that order. It costs a
dict comprehension per object — far below graphql-core's per-field completion, which it
replaces. A question's answer may be missing (`Ask.exists`: NOT_FOUND) and may have fields
Python computes from what Cypher returned (`Expr.then`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson

from ecosystem.graph.compiler import cursor
from ecosystem.graph.compiler.plan import (
    Answer,
    Ask,
    Connection,
    Constant,
    Each,
    EdgeCursor,
    EdgeNode,
    Edges,
    Expr,
    Fields,
    HitNode,
    Lookup,
    Nested,
    NodeAt,
    NodeProjection,
    PageInfo,
    PageInfoField,
    Root,
    Search,
)
from ecosystem.graph.errors import NotFound
from ecosystem.graph.rows import AT, DATA, PART, TYPE_KEY

_CURSOR_FIELDS = (PageInfoField.START_CURSOR, PageInfoField.END_CURSOR)


def finish(plan: Root, data: Any) -> Any:
    if isinstance(plan, Ask):
        if data is None and plan.exists is not None:
            raise NotFound(*plan.missing)
        return answer(plan.answer, data)
    if data is None:
        return None
    if isinstance(plan, Connection):
        return _connection(plan, data)
    if isinstance(plan, Lookup):
        by_type = {p.node.name: p for p in plan.projections}
        nodes = data if plan.many else [data]
        shaped = [
            None if node is None else project(by_type[type_name], node)
            for (type_name, _), node in zip(plan.refs, nodes, strict=True)
        ]
        return shaped if plan.many else shaped[0]
    return [_hit(plan, hit) for hit in data]


def answer(plan: Answer | Connection, value: Any) -> Any:
    """A question's answer (or a part of it) in selection order, Python's fields computed."""
    return shaper(plan)(value)


Shape = Callable[[Any], Any]


def shaper(plan: Answer | Connection) -> Shape:
    """`answer` for one plan as a function, each step's kind decided once for the plan rather
    than once per value: a province's collaboration network at scale 500 has 100,000 of them."""
    if isinstance(plan, Connection):
        return lambda value: None if value is None else _connection(plan, value)
    if isinstance(plan, Expr) and plan.then is not None:
        return plan.then
    if isinstance(plan, Expr | Constant):
        return _same
    if isinstance(plan, Fields):
        return _fields([e.key for e in plan.entries], [shaper(e) for e in plan.entries])
    if isinstance(plan, Each):
        return _each(shaper(plan.item))
    return _projected(plan.projections)


def _each(item: Shape) -> Shape:
    if item is _same:  # a list of scalars, or of objects Python leaves as they are
        return _same
    return lambda value: None if value is None else [item(v) for v in value]


def _projected(projections: tuple[NodeProjection, ...]) -> Shape:
    entries = projections[0].entries
    if len(projections) == 1 and not any(isinstance(e, Nested) for e in entries):
        return _fields([e.key for e in entries], [_same] * len(entries))  # one type, no nesting
    return lambda value: None if value is None else _node(projections, value)


def _fields(keys: list[str], shapes: list[Shape]) -> Shape:
    """An object's keys in selection order, each value shaped: the keys copied in one
    comprehension, and only the values Python changes shaped after (a key keeps its place
    when its value is replaced). Calling a function per leaf was half the time of a
    province's network."""
    changed = [(key, shape) for key, shape in zip(keys, shapes, strict=True) if shape is not _same]

    def shape(value: Any) -> Any:
        if value is None:
            return None
        shaped = {key: value[key] for key in keys}
        for key, change in changed:
            shaped[key] = change(shaped[key])
        return shaped

    return shape


class Chunks:
    """A chunked answer (`Ask.chunk`) finished as its rows arrive: each slice shaped and
    encoded to JSON at once, so at no time does Python hold the whole answer as objects (the
    whole collaboration network at scale 500 is 620,000 values). The answer is its JSON text,
    which the response's encoder (orjson) takes as it is."""

    def __init__(self, plan: Ask) -> None:
        if not isinstance(plan.answer, Fields):
            raise ValueError("only an answer of fields comes in chunks")
        entries = plan.answer.entries
        self.keys = [orjson.dumps(e.key) for e in entries]
        self.lists = [isinstance(e, Each) for e in entries]
        self.shapes = [shaper(e.item) if isinstance(e, Each) else shaper(e) for e in entries]
        self.parts: list[dict[int, bytes]] = [{} for _ in entries]

    def add(self, row: Mapping[str, Any]) -> None:
        part, data = row[PART], row[DATA]
        shape = self.shapes[part]
        if self.lists[part]:
            encoded = orjson.dumps([shape(item) for item in data])[1:-1]  # the items, no [ ]
        else:
            encoded = orjson.dumps(shape(data))
        self.parts[part][row[AT]] = encoded

    def answer(self) -> orjson.Fragment:
        """The answer's JSON in one join: its text (21 MB for the whole network at scale 500)
        is copied once, where a concatenation per bracket and per field copied it each time,
        several copies alive at once (the request's peak memory, per request in flight)."""
        pieces = [b"{"]
        for key, listed, slices in zip(self.keys, self.lists, self.parts, strict=True):
            if len(pieces) > 1:
                pieces.append(b",")
            pieces += [key, b":"]
            if listed:  # slices in order, whatever order the rows came in
                items = [slices[at] for at in sorted(slices) if slices[at]]
                pieces += [b"[", *_between(b",", items), b"]"]
            else:
                pieces.append(slices.get(0, b"null"))
        pieces.append(b"}")
        self.parts = []  # the slices live on in `pieces` only until they are joined
        return orjson.Fragment(b"".join(pieces))


def _between(separator: bytes, items: list[bytes]) -> list[bytes]:
    """`items` with `separator` between them, still apart (joined once, with the rest)."""
    spaced = [separator] * (2 * len(items) - 1) if items else []
    spaced[::2] = items
    return spaced


def _same(value: Any) -> Any:
    return value


def _node(projections: tuple[NodeProjection, ...], value: dict[str, Any]) -> dict[str, Any]:
    if len(projections) == 1:
        return project(projections[0], value)
    by_type = {p.node.name: p for p in projections}
    return project(by_type[value[TYPE_KEY]], value)


def _connection(plan: Connection, data: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {}
    for entry in plan.entries:
        value = data[entry.key]
        if isinstance(entry, Edges):
            value = [edge(plan, entry, item) for item in value]
        elif isinstance(entry, PageInfo):
            value = {
                name: cursor.encode(plan.order, value[name])
                if field in _CURSOR_FIELDS and value[name] is not None
                else value[name]
                for name, field in entry.entries
            }
        shaped[entry.key] = value
    return shaped


def edge(plan: Connection, edges: Edges, row: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {}
    for entry in edges.entries:
        value = row[entry.key]
        if isinstance(entry, EdgeCursor):
            value = cursor.encode(plan.order, value)
        elif isinstance(entry, EdgeNode):
            value = project(entry.projection, value)
        elif isinstance(entry, Expr | NodeAt | Each | Fields):
            value = answer(entry, value)
        shaped[entry.key] = value
    return shaped


def project(projection: NodeProjection, node: dict[str, Any]) -> dict[str, Any]:
    """A projected node with its keys in selection order and its nested cursors encoded."""
    return {
        entry.key: _connection(entry.connection, node[entry.key])
        if isinstance(entry, Nested)
        else node[entry.key]
        for entry in projection.entries
    }


def _hit(plan: Search, hit: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {}
    for entry in plan.entries:
        value = hit[entry.key]
        if isinstance(entry, HitNode):
            value = _node(entry.projections, value)
        shaped[entry.key] = value
    return shaped
