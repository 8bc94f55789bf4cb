"""The one piece of work left after Neo4j: turning raw sort keys into opaque cursors.

Cypher cannot encode base64, so rows carry their sort keys and this pass encodes them where
the client asked for a cursor. It walks only connections that select one, so a response
without cursors is returned untouched.
"""

from __future__ import annotations

from typing import Any

from ecosystem.graph.compiler import cursor
from ecosystem.graph.compiler.plan import (
    Connection,
    EdgeCursor,
    EdgeNode,
    Edges,
    HitNode,
    Lookup,
    Nested,
    NodeProjection,
    PageInfo,
    PageInfoField,
    Root,
    Search,
)

_CURSOR_FIELDS = (PageInfoField.START_CURSOR, PageInfoField.END_CURSOR)


def finish(plan: Root, data: Any) -> Any:
    if data is None:
        return None
    if isinstance(plan, Connection):
        _connection(plan, data)
    elif isinstance(plan, Lookup):
        by_type = {p.node.name: p for p in plan.projections}
        for (type_name, _), node in zip(plan.refs, data if plan.many else [data], strict=True):
            if node is not None:
                _projection(by_type[type_name], node)
    elif isinstance(plan, Search):
        _search(plan, data)
    return data


def has_cursors(plan: Connection) -> bool:
    for entry in plan.entries:
        if isinstance(entry, PageInfo) and any(f in _CURSOR_FIELDS for _, f in entry.entries):
            return True
        if isinstance(entry, Edges):
            for edge_entry in entry.entries:
                if isinstance(edge_entry, EdgeCursor):
                    return True
                if isinstance(edge_entry, EdgeNode) and _projection_has(edge_entry.projection):
                    return True
    return False


def _projection_has(projection: NodeProjection) -> bool:
    return any(isinstance(e, Nested) and has_cursors(e.connection) for e in projection.entries)


def _connection(plan: Connection, data: dict[str, Any]) -> None:
    if not has_cursors(plan):
        return
    for entry in plan.entries:
        if isinstance(entry, Edges):
            for edge in data[entry.key]:
                _edge(plan, entry, edge)
        elif isinstance(entry, PageInfo):
            info = data[entry.key]
            for name, field in entry.entries:
                if field in _CURSOR_FIELDS and info[name] is not None:
                    info[name] = cursor.encode(plan.order, info[name])


def _edge(plan: Connection, edges: Edges, edge: dict[str, Any]) -> None:
    for entry in edges.entries:
        if isinstance(entry, EdgeCursor):
            edge[entry.key] = cursor.encode(plan.order, edge[entry.key])
        elif isinstance(entry, EdgeNode):
            _projection(entry.projection, edge[entry.key])


def _projection(projection: NodeProjection, node: dict[str, Any]) -> None:
    for entry in projection.entries:
        if isinstance(entry, Nested) and entry.key in node:
            _connection(entry.connection, node[entry.key])


def _search(plan: Search, hits: list[dict[str, Any]]) -> None:
    for entry in plan.entries:
        if isinstance(entry, HitNode):
            for hit in hits:
                for projection in entry.projections:
                    _projection(projection, hit[entry.key])
