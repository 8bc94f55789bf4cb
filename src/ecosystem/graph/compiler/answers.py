"""A question's answer, planned: its vocabulary (vocabulary.py) and the client's selection
become plan entries that the one renderer prints and the one finisher shapes.

Each spec's expression is kept as a `Cypher` fragment, its placeholders filled when printed;
node-typed fields become the same node projections root fields use, and a question's Relay
connection the same `Connection` as `organisations` (a question only says how its nodes are
found and which of them count).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecosystem.domain import NodeType, names
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

if TYPE_CHECKING:
    from ecosystem.graph.compiler.build import Builder

Path = Sequence[str | int]


class Answers:
    def __init__(self, builder: Builder) -> None:
        self.builder = builder

    def entry(self, spec: Spec, field: Field, path: Path) -> Answer:
        """The plan of one answer field as the client selected it."""
        if isinstance(spec, Leaf):
            return Expr(field.key, Cypher(spec.expr))
        if isinstance(spec, Computed):
            return Expr(field.key, Cypher(spec.expr), spec.function)
        if isinstance(spec, NodeRef):
            node = self.builder.domain.node(spec.type)
            projection = self.builder.projection(node, field.children, path)
            return NodeAt(field.key, Cypher(spec.expr), (projection,))
        if isinstance(spec, AnyNodeRef):
            projections = tuple(
                self.builder.projection(n, field.children, path) for n in self.builder.domain.nodes
            )
            return NodeAt(field.key, Cypher(spec.expr), projections, any_type=True)
        if isinstance(spec, ListOf):
            item = self.entry(spec.item, field, path)
            return Each(field.key, Cypher(spec.expr), spec.var, item)
        return self.fields(spec, field, path)

    def fields(self, spec: Obj, field: Field, path: Path) -> Fields:
        return Fields(
            field.key, tuple(self._field(spec, c, (*path, c.key)) for c in field.children)
        )

    def _field(self, spec: Obj, child: Field, path: Path) -> Answer:
        if child.name == "__typename":
            return Constant(child.key, spec.type_name)
        return self.entry(spec.fields[child.name], child, path)

    def connection(
        self,
        field: Field,
        *,
        node: NodeType,
        edge: Obj,
        order: tuple[SortKey, ...],
        page: Page,
        condition: Filter | None,
        path: Path,
        source: Cypher | None = None,
    ) -> ConnectionPlan:
        """A Relay connection of answers about `node`s (`edge` says what each edge holds):
        those `source` binds (default: every node of the label) that meet `condition`."""
        entries: list[ConnectionEntry] = []
        for child in field.children:
            if child.name == "edges":
                edges = tuple(self._edge(edge, c, (*path, child.key)) for c in child.children)
                entries.append(Edges(child.key, edges))
            elif child.name == "pageInfo":
                entries.append(self.builder.page_info(child))
            elif child.name == "totalCount":
                entries.append(TotalCount(child.key))
            else:
                entries.append(Constant(child.key, names.edge_connection(edge.type_name)))
        return ConnectionPlan(node, None, condition, order, page, tuple(entries), source)

    def _edge(self, edge: Obj, child: Field, path: Path) -> EdgeEntry:
        if child.name == "cursor":
            return EdgeCursor(child.key)
        return self._field(edge, child, path)
