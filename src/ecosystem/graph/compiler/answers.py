"""A question's answer, planned: its vocabulary (vocabulary.py) and the client's selection
become plan entries that the one renderer prints and the one finisher shapes.

Each spec's expression is kept as a `Cypher` fragment, its placeholders filled when printed;
node-typed fields become the same node projections root fields use, and a question's Relay
connection the same `Connection` as `organisations` (a question only says how its nodes are
found and which of them count).
"""

from __future__ import annotations

from collections.abc import Sequence

from ecosystem.domain import NodeType, names
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import (
    Answer,
    ConnectionEntry,
    Constant,
    Cypher,
    Each,
    EdgeCursor,
    EdgeEntry,
    Edges,
    Expr,
    Fields,
    Filter,
    NodeAt,
    Page,
    SortKey,
    TotalCount,
    Walk,
)
from ecosystem.graph.compiler.plan import Connection as ConnectionPlan
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import (
    AnyNodeRef,
    Computed,
    Leaf,
    ListOf,
    NodeRef,
    Obj,
    Spec,
)

Path = Sequence[str | int]


def entry(build: Builder, spec: Spec, field: Field, path: Path) -> Answer:
    """The plan of one answer field as the client selected it."""
    if isinstance(spec, Leaf):
        return Expr(field.key, Cypher(spec.expr))
    if isinstance(spec, Computed):
        return Expr(field.key, Cypher(spec.expr), spec.function)
    if isinstance(spec, NodeRef):
        node = build.domain.node(spec.type)
        projection = build.projection(node, field.children, path)
        return NodeAt(field.key, Cypher(spec.expr), (projection,), nullable=spec.nullable)
    if isinstance(spec, AnyNodeRef):
        projections = tuple(build.projection(n, field.children, path) for n in build.domain.nodes)
        return NodeAt(field.key, Cypher(spec.expr), projections, any_type=True)
    if isinstance(spec, ListOf):
        item = entry(build, spec.item, field, path)
        binds = Cypher(spec.binds) if spec.binds else None
        return Each(field.key, Cypher(spec.expr), spec.var, item, binds)
    return fields(build, spec, field, path)


def fields(build: Builder, spec: Obj, field: Field, path: Path) -> Fields:
    return Fields(field.key, tuple(_field(build, spec, c, (*path, c.key)) for c in field.children))


def _field(build: Builder, spec: Obj, child: Field, path: Path) -> Answer:
    if child.name == "__typename":
        return Constant(child.key, spec.type_name)
    return entry(build, spec.fields[child.name], child, path)


def connection(
    build: Builder,
    field: Field,
    *,
    node: NodeType,
    edge: Obj,
    order: tuple[SortKey, ...],
    page: Page,
    condition: Filter | None,
    path: Path,
    source: Cypher | None = None,
    walk: Walk | None = None,
    count: Cypher | None = None,
) -> ConnectionPlan:
    """A Relay connection of answers about `node`s (`edge` says what each edge holds):
    those `source` binds (default: every node of the label) that meet `condition`;
    `walk`: no index answers `condition` (plan.py); `count`: the question's totalCount."""
    entries: list[ConnectionEntry] = []
    for child in field.children:
        if child.name == "edges":
            edges = tuple(_edge(build, edge, c, (*path, child.key)) for c in child.children)
            entries.append(Edges(child.key, edges))
        elif child.name == "pageInfo":
            entries.append(build.page_info(child))
        elif child.name == "totalCount":
            entries.append(TotalCount(child.key))
        else:
            entries.append(Constant(child.key, names.edge_connection(edge.type_name)))
    return ConnectionPlan(node, None, condition, order, page, tuple(entries), source, walk, count)


def _edge(build: Builder, edge: Obj, child: Field, path: Path) -> EdgeEntry:
    if child.name == "cursor":
        return EdgeCursor(child.key)
    return _field(build, edge, child, path)
