"""Fixed-shape answers (the ecosystem questions) described once, as data.

A question's Cypher binds a few variables per row (a trainer, lists of credentials, a flag…).
A `Spec` says how each GraphQL field of its answer reads from them. From one spec come the
GraphQL type (api/questions.py), the map projection of exactly the selected fields, and the
pass that orders keys and encodes what Cypher cannot. Node-typed fields reuse the generic node
projection, so a client can select any field of an organisation — nested connections too —
inside an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ecosystem.domain import Domain
from ecosystem.graph.compiler import cursor
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.cypher import Renderer, key, order_by, quote, sort_keys
from ecosystem.graph.compiler.finish import TYPE_KEY, project
from ecosystem.graph.compiler.plan import NodeProjection, Page, PageInfo, PageInfoField, SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.errors import NotFound

Scope = Mapping[str, str]  # placeholder in a spec's expressions → Cypher variable


def literal(cypher: str) -> str:
    """Cypher with no placeholders, escaped for a spec expression (whose `{x}` are filled)."""
    return cypher.replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True)
class Leaf:
    """A scalar: a Cypher expression (with `{placeholders}`) and its Python annotation."""

    expr: str
    annotation: str
    description: str = ""


@dataclass(frozen=True)
class Computed:
    """A scalar Python derives from what a Cypher expression returns (say, the largest
    connected component of a list of pairs): the graph algorithms Cypher lacks."""

    expr: str
    annotation: str
    function: Callable[[Any], Any]
    description: str = ""


@dataclass(frozen=True)
class NodeRef:
    """A node of a known type; null when the expression is null."""

    type: str
    expr: str
    description: str = ""
    nullable: bool = False


@dataclass(frozen=True)
class AnyNodeRef:
    """A node of any type (the `Node` interface)."""

    expr: str
    description: str = ""


@dataclass(frozen=True)
class ListOf:
    """A list: each element of `expr` bound to `var` for `item`."""

    expr: str
    var: str
    item: Spec
    description: str = ""


@dataclass(frozen=True)
class Obj:
    type_name: str
    fields: Mapping[str, Spec]
    description: str = ""


Spec = Leaf | Computed | NodeRef | AnyNodeRef | ListOf | Obj

# --- the finishing side ------------------------------------------------------------------


@dataclass(frozen=True)
class NodeShape:
    projection: NodeProjection


@dataclass(frozen=True)
class AnyNodeShape:
    projections: tuple[NodeProjection, ...]


@dataclass(frozen=True)
class ListShape:
    item: Shape | None


@dataclass(frozen=True)
class ObjShape:
    entries: tuple[tuple[str, Shape | None], ...]


@dataclass(frozen=True)
class CursorShape:
    order: tuple[SortKey, ...]
    fields: frozenset[str] = frozenset()  # in a pageInfo: the keys holding cursors


@dataclass(frozen=True)
class ComputedShape:
    function: Callable[[Any], Any]


@dataclass(frozen=True)
class Required:
    """An answer that exists only when the node an argument names does."""

    inner: Shape | None
    message: str
    argument: tuple[str, ...]


Shape = NodeShape | AnyNodeShape | ListShape | ObjShape | CursorShape | Required | ComputedShape


def finish(shape: Shape | None, value: Any) -> Any:  # noqa: PLR0911 (one case per shape)
    if isinstance(shape, Required):
        if value is None:
            raise NotFound(shape.message, shape.argument)
        return finish(shape.inner, value)
    if isinstance(shape, ComputedShape):
        return shape.function(value)
    if value is None or shape is None:
        return value
    if isinstance(shape, CursorShape):
        return _cursors(shape, value)
    if isinstance(shape, NodeShape):
        return project(shape.projection, value)
    if isinstance(shape, AnyNodeShape):
        by_type = {p.node.name: p for p in shape.projections}
        return project(by_type[value[TYPE_KEY]], value)
    if isinstance(shape, ListShape):
        return [finish(shape.item, item) for item in value]
    return {name: finish(inner, value[name]) for name, inner in shape.entries}


def _cursors(shape: CursorShape, value: Any) -> Any:
    """A raw sort-key list as a cursor, or a pageInfo with its cursor fields encoded."""
    if not shape.fields:
        return cursor.encode(shape.order, value)
    return {
        name: cursor.encode(shape.order, item)
        if name in shape.fields and item is not None
        else item
        for name, item in value.items()
    }


# --- the rendering side ------------------------------------------------------------------


@dataclass
class ShapeRenderer:
    builder: Builder
    renderer: Renderer

    @property
    def domain(self) -> Domain:
        return self.builder.domain

    def render(
        self, spec: Spec, field: Field, scope: Scope, path: Sequence[str | int]
    ) -> tuple[str, Shape | None]:
        if isinstance(spec, Leaf):
            return spec.expr.format(**scope), None
        if isinstance(spec, Computed):
            return spec.expr.format(**scope), ComputedShape(spec.function)
        if isinstance(spec, NodeRef):
            return self._node(spec, field, scope, path)
        if isinstance(spec, AnyNodeRef):
            return self._any_node(spec, field, scope, path)
        if isinstance(spec, ListOf):
            var = self.renderer.variable(spec.var)
            item, shape = self.render(spec.item, field, {**scope, spec.var: var}, path)
            return f"[{var} IN {spec.expr.format(**scope)} | {item}]", ListShape(shape)
        return self._object(spec, field, scope, path)

    def _object(
        self, spec: Obj, field: Field, scope: Scope, path: Sequence[str | int]
    ) -> tuple[str, Shape]:
        return self._map(spec, field, scope, path, {})

    def _map(
        self,
        spec: Obj,
        field: Field,
        scope: Scope,
        path: Sequence[str | int],
        fixed: Mapping[str, tuple[str, Shape | None]],
    ) -> tuple[str, ObjShape]:
        """A map of the selected fields of `spec`; `fixed` answers some fields directly."""
        parts: list[str] = []
        entries: list[tuple[str, Shape | None]] = []
        for child in field.children:
            shape: Shape | None
            if child.name in fixed:
                expr, shape = fixed[child.name]
            elif child.name == "__typename":
                expr, shape = quote(spec.type_name), None
            else:
                expr, shape = self.render(spec.fields[child.name], child, scope, (*path, child.key))
            parts.append(f"{key(child.key)}: {expr}")
            entries.append((child.key, shape))
        return "{" + ", ".join(parts) + "}", ObjShape(tuple(entries))

    def _node(
        self, spec: NodeRef, field: Field, scope: Scope, path: Sequence[str | int]
    ) -> tuple[str, Shape]:
        projection = self.builder.projection(self.domain.node(spec.type), field.children, path)
        expr = spec.expr.format(**scope)
        if expr.isidentifier():
            return self.renderer.projection(projection, expr), NodeShape(projection)
        var = self.renderer.variable("node")  # patterns need a variable, not an expression
        inner = self.renderer.projection(projection, var)
        return f"[{var} IN [{expr}] WHERE {var} IS NOT NULL | {inner}][0]", NodeShape(projection)

    def _any_node(
        self, spec: AnyNodeRef, field: Field, scope: Scope, path: Sequence[str | int]
    ) -> tuple[str, Shape]:
        var = self.renderer.variable("node")
        projections = tuple(
            self.builder.projection(n, field.children, path) for n in self.domain.nodes
        )
        cases = " ".join(
            f"WHEN {var}:{p.node.label} THEN "
            f"{self.renderer.projection(p, var, hidden={TYPE_KEY: quote(p.node.name)})}"
            for p in projections
        )
        expr = f"[{var} IN [{spec.expr.format(**scope)}] | CASE {cases} END][0]"
        return expr, AnyNodeShape(projections)

    def connection(
        self,
        field: Field,
        *,
        label: str,
        var: str,
        condition: str | None,
        order: tuple[SortKey, ...],
        page: Page,
        edge: Obj,
        scope: Scope,
        path: Sequence[str | int],
        match: str | None = None,
    ) -> tuple[str, Shape]:
        """A Relay connection of answers about `var:label` nodes matching `condition`.

        `match` replaces `MATCH (var:label)` when a question can reach its nodes through an
        index (it must end with `var` bound once per node, e.g. `… WITH DISTINCT var`)."""
        r = self.renderer
        match = match or f"MATCH ({var}:{label})"
        count_where = f" WHERE {condition}" if condition else ""
        rows, row = r.variable("rows"), r.variable("row")
        first = r.param(page.first)
        parts, entries = [], []
        edge_fields: list[str] = []
        shape: Shape | None
        for child in field.children:
            if child.name == "edges":
                expr, shape = self._edge(
                    child, edge, order, scope, var=var, path=(*path, child.key)
                )
                edge_fields.append(f"{key(child.key)}: {expr}")
                parts.append(
                    f"{key(child.key)}: [{row} IN {rows}[0..{first}] | {row}.{key(child.key)}]"
                )
            elif child.name == "pageInfo":
                info = PageInfo(
                    child.key, tuple((c.key, PageInfoField(c.name)) for c in child.children)
                )
                parts.append(
                    f"{key(child.key)}: {r.page_info(info, page.after is not None, rows, first)}"
                )
                cursors = {c.key for c in child.children if c.name.endswith("Cursor")}
                # Nothing to encode without a cursor field (an empty set would mean "the
                # whole value is one cursor", as for an edge's).
                shape = CursorShape(order, frozenset(cursors)) if cursors else None
            elif child.name == "totalCount":
                parts.append(f"{key(child.key)}: COUNT {{ {match}{count_where} }}")
                shape = None
            else:
                parts.append(
                    f"{key(child.key)}: {quote(edge.type_name.removesuffix('Edge') + 'Connection')}"
                )
                shape = None
            entries.append((child.key, shape))
        conditions = [c for c in (condition, r.seek(order, page.after, var)) if c]
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        row_map = ", ".join([f"`__keys`: [{sort_keys(order, var)}]", *edge_fields])
        collect = (
            f"COLLECT {{ {match}{where} WITH {var} ORDER BY {order_by(order, var)} "
            f"LIMIT {r.param(page.first + 1)} RETURN {{{row_map}}} }}"
        )
        body = "{" + ", ".join(parts) + "}"
        return f"[{rows} IN [{collect}] | {body}][0]", ObjShape(tuple(entries))

    def _edge(
        self,
        field: Field,
        edge: Obj,
        order: tuple[SortKey, ...],
        scope: Scope,
        *,
        var: str,
        path: Sequence[str | int],
    ) -> tuple[str, Shape]:
        cursor = (f"[{sort_keys(order, var)}]", CursorShape(order))
        body, shape = self._map(edge, field, {**scope, "node": var}, path, {"cursor": cursor})
        return body, ListShape(shape)
