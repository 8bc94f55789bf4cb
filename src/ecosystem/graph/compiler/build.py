"""Selection + domain → plan. Validates what the schema cannot (page sizes, cursors, sorts).

Root fields of the domain are planned here; a question plans itself (graph/questions/) with
this builder's parts: pages and sizes checked against the limits registry, node projections,
and its answer's vocabulary turned into plan entries (answers.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.domain import Domain, NodeType, RelationshipEnd, names
from ecosystem.graph import ids
from ecosystem.graph.compiler import anchoring, cursor, lucene
from ecosystem.graph.compiler.filters import FilterBuilder
from ecosystem.graph.compiler.plan import (
    Connection,
    ConnectionEntry,
    Constant,
    EdgeCursor,
    EdgeEntry,
    EdgeNode,
    Edges,
    GlobalId,
    HitNode,
    HitScore,
    Lookup,
    Nested,
    NodeProjection,
    Page,
    PageInfo,
    PageInfoField,
    Private,
    Root,
    Search,
    SortKey,
    TotalCount,
    Value,
)
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.viewer import TRUSTED, Viewer
from ecosystem.graph.errors import BadInput
from ecosystem.limits import Bounds, Limits

Path = Sequence[str | int]


class Builder:
    def __init__(
        self,
        domain: Domain,
        limits: Limits,
        viewer: Viewer = TRUSTED,
        include_sample: bool = True,
    ) -> None:
        self.domain = domain
        self.limits = limits
        self.viewer = viewer
        self.include_sample = include_sample  # when a question's `includeSample` is not given
        self.filters = FilterBuilder(domain, viewer)
        self._roots = {n.plural: n for n in domain.nodes}
        self.masked: set[str] = set()  # `Type.field` of private values this viewer got null for

    def viewing(self, viewer: Viewer) -> Builder:
        """A builder for one compilation as `viewer` sees the graph."""
        return Builder(self.domain, self.limits, viewer, self.include_sample)

    def compiles(self, root_field: str) -> bool:
        return root_field in self._roots or root_field in {"node", "nodes", "search"}

    def root(self, field: Field) -> Root:
        if field.name in self._roots:
            return self.connection(self._roots[field.name], None, field, (field.name,))
        if field.name in {"node", "nodes"}:
            return self.lookup(field)
        if field.name == "search":
            return self.search(field)
        raise KeyError(field.name)

    # --- connections --------------------------------------------------------------------

    def connection(
        self, node: NodeType, end: RelationshipEnd | None, field: Field, path: Path
    ) -> Connection:
        args = field.arguments
        order = self.order(node, args.get("orderBy"), (*path, "orderBy"))
        where = self.filters.node(node.name, args.get("where"), (*path, "where"))
        return Connection(
            node=node,
            end=end,
            filter=where,
            order=order,
            page=self.page(order, args, path),
            entries=tuple(self._connection_entry(node, end, f, path) for f in field.children),
            count=anchoring.kept_count(node.name, where) if end is None else None,
        )

    def _connection_entry(
        self, node: NodeType, end: RelationshipEnd | None, field: Field, path: Path
    ) -> ConnectionEntry:
        if field.name == "edges":
            entries = tuple(self.edge_entry(node, end, f, path) for f in field.children)
            return Edges(field.key, entries)
        if field.name == "pageInfo":
            return self.page_info(field)
        if field.name == "totalCount":
            return TotalCount(field.key)
        type_name = names.end_connection(end) if end else names.connection(node)
        return Constant(field.key, type_name)

    @staticmethod
    def page_info(field: Field) -> PageInfo:
        return PageInfo(
            field.key,
            tuple(
                (
                    f.key,
                    Constant(f.key, "PageInfo")
                    if f.name == "__typename"
                    else PageInfoField(f.name),
                )
                for f in field.children
            ),
        )

    def edge_entry(
        self, node: NodeType, end: RelationshipEnd | None, field: Field, path: Path
    ) -> EdgeEntry:
        if field.name == "cursor":
            return EdgeCursor(field.key)
        if field.name == "node":
            return EdgeNode(field.key, self.projection(node, field.children, path))
        if field.name == "__typename":
            return Constant(field.key, names.end_edge(end) if end else names.edge(node))
        assert end is not None, f"{field.name} on a root edge"
        if field.name == "id":
            return GlobalId(field.key, end.relationship.type)
        prop = next(p for p in end.relationship.properties if p.name == field.name)
        return Value(field.key, prop)

    def projection(self, node: NodeType, fields: Sequence[Field], path: Path) -> NodeProjection:
        entries: list[Value | Private | GlobalId | Constant | Nested] = []
        for field in _merged_for(node.name, fields):
            if field.name == "__typename":
                entries.append(Constant(field.key, node.name))
            elif field.name == "id":
                entries.append(GlobalId(field.key, node.name))
            elif (end := self.domain.end(node.name, field.name)) is not None:
                other = self.domain.node(end.other)
                at = (*path, field.key)
                entries.append(Nested(field.key, self.connection(other, end, field, at)))
            else:
                entries.append(self._value(node, field))
        return NodeProjection(node, tuple(entries))

    def _value(self, node: NodeType, field: Field) -> Value | Private:
        prop = node.property(field.name)
        if not prop.private or self.viewer.private == "all":
            return Value(field.key, prop)
        self.masked.add(f"{node.name}.{prop.name}")
        if self.viewer.private == "own" and node.owned_through is not None:
            owner = self.domain.relationship(node.owned_through)
            return Private(field.key, prop, owner, self.viewer.organisation)
        return Private(field.key, prop)

    def order(self, node: NodeType, order_by: Any, path: Path) -> tuple[SortKey, ...]:
        keys: list[SortKey] = []
        for index, item in enumerate(order_by or ()):
            chosen = {k: v for k, v in item.items() if v is not None}
            if len(chosen) != 1:
                raise BadInput(
                    "each orderBy item names exactly one field",
                    (*path, index),
                    "one field per item, e.g. [{name: ASC}, {province: DESC}]",
                )
            ((name, direction),) = chosen.items()
            keys.append(SortKey(node.property(name), direction == "DESC"))
        if not any(k.prop.name == "id" for k in keys):
            keys.append(SortKey(node.property("id")))  # the tie-breaker that makes keysets exact
        return tuple(keys)

    def page(
        self,
        order: tuple[SortKey, ...],
        args: Mapping[str, Any],
        path: Path,
        bounds: Bounds | None = None,
    ) -> Page:
        first = self.first(args, path, bounds or self.limits.page)
        after = args.get("after")
        if after is None:
            return Page(first, None)
        expected = (
            "an endCursor or edge cursor from this connection with the same where and orderBy"
        )
        return Page(first, cursor.argument(order, after, (*path, "after"), expected))

    @staticmethod
    def first(args: Mapping[str, Any], path: Path, bounds: Bounds, name: str = "first") -> int:
        """The one check of a size argument (`first`, `maxHops`…) against its bounds."""
        value = args.get(name)
        value = bounds.default if value is None else value
        if not bounds.minimum <= value <= bounds.maximum:
            between = f"between {bounds.minimum} and {bounds.maximum}"
            raise BadInput(
                f"{name} must be {between}", (*path, name), f"{bounds.minimum} to {bounds.maximum}"
            )
        return int(value)

    # --- lookups and search ---------------------------------------------------------------

    def lookup(self, field: Field) -> Lookup:
        many = field.name == "nodes"
        raw = field.arguments["ids"] if many else [field.arguments["id"]]
        most = self.limits.lookup_ids
        if len(raw) > most:
            raise BadInput(f"at most {most} ids at once", (field.name, "ids"), f"up to {most} ids")
        known = {n.name for n in self.domain.nodes}
        refs = [
            ids.expect(value, known, (field.name, "ids", index) if many else (field.name, "id"))
            for index, value in enumerate(raw)
        ]
        types = dict.fromkeys(t for t, _ in refs)
        projections = tuple(
            self.projection(self.domain.node(t), field.children, (field.name,)) for t in types
        )
        return Lookup(tuple(refs), projections, many)

    def search(self, field: Field) -> Search:
        args = field.arguments
        page = self.limits.page
        first = self.first(args, ("search",), Bounds(page.default, page.maximum, 1))
        query = lucene.escape(args["text"])
        if not query:
            raise BadInput(
                "text has nothing to search for",
                ("search", "text"),
                "at least one letter or character",
            )
        kinds = args.get("kinds") or [names.kind(n) for n in self.domain.nodes]
        nodes = [n for n in self.domain.nodes if names.kind(n) in kinds]
        entries: list[HitScore | HitNode | Constant] = []
        for child in field.children:
            if child.name == "score":
                entries.append(HitScore(child.key))
            elif child.name == "node":
                projections = tuple(self.projection(n, child.children, ("search",)) for n in nodes)
                entries.append(HitNode(child.key, projections))
            else:
                entries.append(Constant(child.key, "SearchHit"))
        sample = self.sample_included(args)
        return Search(query, tuple(n.label for n in nodes), first, tuple(entries), sample)

    def sample_included(self, arguments: Mapping[str, Any]) -> bool:
        """A field's `includeSample`, or the service's default (ECOSYSTEM_INCLUDE_SAMPLE)."""
        chosen = arguments.get("includeSample")
        return self.include_sample if chosen is None else bool(chosen)


def _merged_for(type_name: str, fields: Sequence[Field]) -> list[Field]:
    """The fields that apply to `type_name`, one per response key (fragments merged)."""
    merged: dict[str, Field] = {}
    for field in fields:
        if not field.applies_to(type_name):
            continue
        seen = merged.get(field.key)
        if seen is None:
            merged[field.key] = field
        else:
            children = (*seen.children, *field.children)
            merged[field.key] = Field(seen.key, seen.name, seen.arguments, children, None)
    return list(merged.values())
