"""Plan → one Cypher statement and its parameters.

Deterministic names (`this0`, `param0`…) keep translation snapshots stable. Every value is a
parameter; labels, types and property names come from the domain model only. A connection is
one expression — a COLLECT subquery for the page (LIMIT first + 1, so hasNextPage needs no
second query) and a COUNT subquery for totalCount when it is asked for — so a nested
connection is just an entry of its parent's map projection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ecosystem.domain import Direction, Property, Scalar
from ecosystem.domain.definitions import SYNTHETIC_SOURCE
from ecosystem.graph.compiler.finish import TYPE_KEY
from ecosystem.graph.compiler.plan import (
    Compare,
    Connection,
    Constant,
    EdgeCursor,
    EdgeNode,
    Edges,
    Filter,
    GlobalId,
    HitNode,
    HitScore,
    Logical,
    Lookup,
    Nested,
    NodeProjection,
    Op,
    PageInfo,
    PageInfoField,
    Private,
    Quantifier,
    Related,
    Root,
    Search,
    SortKey,
    TotalCount,
    Value,
)

FULLTEXT_INDEX = "names"


@dataclass(frozen=True)
class Statement:
    cypher: str
    params: dict[str, Any]


def quote(text: str) -> str:
    """A Cypher string literal of trusted text (names from the domain, never request text)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def key(name: str) -> str:
    return f"`{name.replace('`', '``')}`"


@dataclass
class Renderer:
    params: dict[str, Any] = field(default_factory=dict)
    _variables: int = 0

    def param(self, value: Any) -> str:
        name = f"param{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def variable(self, base: str = "this") -> str:
        name = f"{base}{self._variables}"
        self._variables += 1
        return name

    # --- statements -------------------------------------------------------------------

    def root(self, plan: Root) -> Statement:
        if isinstance(plan, Connection):
            cypher = f"RETURN {self.connection(plan, None)} AS data"
        elif isinstance(plan, Lookup):
            cypher = self.lookup(plan)
        else:
            cypher = self.search(plan)
        return Statement(cypher, self.params)

    def lookup(self, plan: Lookup) -> str:
        ref = self.variable("ref")
        branches = []
        for projection in plan.projections:
            node = self.variable()
            label = projection.node.label
            branches.append(
                f"WHEN {quote(projection.node.name)} THEN COLLECT {{ MATCH ({node}:{label} "
                f"{{id: {ref}.id}}) RETURN {self.projection(projection, node)} }}[0]"
            )
        refs = self.param([{"type": t, "id": raw} for t, raw in plan.refs])
        one = f"CASE {ref}.type {' '.join(branches)} END"
        listed = f"[{ref} IN {refs} | {one}]"
        return f"RETURN {listed if plan.many else listed + '[0]'} AS data"

    def search(self, plan: Search) -> str:
        node, score = self.variable(), self.variable("score")
        entries = []
        for entry in plan.entries:
            if isinstance(entry, HitScore):
                entries.append(f"{key(entry.key)}: {score}")
            elif isinstance(entry, Constant):
                entries.append(f"{key(entry.key)}: {quote(entry.value)}")
            else:
                entries.append(f"{key(entry.key)}: {self._hit_node(entry, node)}")
        labels = "|".join(plan.labels)
        # Relevance first; among equally relevant names, documented facts before generated
        # sample data, then the better connected node (degree comes from the store).
        return (
            f"CALL db.index.fulltext.queryNodes({quote(FULLTEXT_INDEX)}, {self.param(plan.query)}) "
            f"YIELD node AS {node}, score AS {score} "
            f"WHERE {node}:{labels} "
            f"WITH {node}, {score} ORDER BY {score} DESC, "
            f"{node}.source = {quote(SYNTHETIC_SOURCE)}, COUNT {{ ({node})--() }} DESC, "
            f"{node}.id LIMIT {self.param(plan.first)} "
            f"RETURN collect({{{', '.join(entries)}}}) AS data"
        )

    def _hit_node(self, entry: HitNode, node: str) -> str:
        cases = " ".join(
            f"WHEN {node}:{p.node.label} THEN "
            f"{self.projection(p, node, hidden={TYPE_KEY: quote(p.node.name)})}"
            for p in entry.projections
        )
        return f"CASE {cases} END"

    # --- connections --------------------------------------------------------------------

    def connection(self, plan: Connection, anchor: str | None) -> str:
        node = self.variable()
        rel = self.variable("edge") if plan.end else None
        pattern = self._pattern(plan, anchor, node, rel)
        where = self.filter(plan.filter, node, rel) if plan.filter else None
        parts: list[str] = []
        rows = self.variable("rows") if plan.needs_rows else None
        first = self.param(plan.page.first) if plan.needs_rows else ""
        for entry in plan.entries:
            if isinstance(entry, Edges):
                row = self.variable("row")
                page = f"{rows}[0..{first}]"
                parts.append(f"{key(entry.key)}: [{row} IN {page} | {row}.{key(entry.key)}]")
            elif isinstance(entry, PageInfo):
                after = plan.page.after is not None
                parts.append(f"{key(entry.key)}: {self.page_info(entry, after, str(rows), first)}")
            elif isinstance(entry, TotalCount):
                count_where = f" WHERE {where}" if where else ""
                parts.append(f"{key(entry.key)}: COUNT {{ MATCH {pattern}{count_where} }}")
            else:
                parts.append(f"{key(entry.key)}: {quote(entry.value)}")
        body = "{" + ", ".join(parts) + "}"
        if rows is None:
            return body
        # Bind the page once (a one-element list comprehension is Cypher's `let`).
        return f"[{rows} IN [{self._collect(plan, pattern, where, node, rel)}] | {body}][0]"

    def _collect(
        self, plan: Connection, pattern: str, where: str | None, node: str, rel: str | None
    ) -> str:
        seek = self.seek(plan.order, plan.page.after, node)
        if seek is None and rel is None:
            seek = self.ordered(plan.order, node)
        conditions = [c for c in (where, seek) if c]
        where_clause = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        carried = ", ".join(v for v in (node, rel) if v)
        order, keys = order_by(plan.order, node), sort_keys(plan.order, node)
        row = [f"`__keys`: [{keys}]"]
        for entry in plan.entries:
            if isinstance(entry, Edges):
                row.append(f"{key(entry.key)}: {self.edge(entry, node, rel, keys)}")
        limit = self.param(plan.page.first + 1)
        return (
            f"COLLECT {{ MATCH {pattern}{where_clause} WITH {carried} ORDER BY {order} "
            f"LIMIT {limit} RETURN {{{', '.join(row)}}} }}"
        )

    def _pattern(self, plan: Connection, anchor: str | None, node: str, rel: str | None) -> str:
        target = f"({node}:{plan.node.label})"
        if plan.end is None or anchor is None or rel is None:
            return target
        arrow = f"[{rel}:{plan.end.relationship.type}]"
        if plan.end.direction is Direction.OUT:
            return f"({anchor})-{arrow}->{target}"
        return f"({anchor})<-{arrow}-{target}"

    def edge(self, edges: Edges, node: str, rel: str | None, keys: str) -> str:
        parts = []
        for entry in edges.entries:
            if isinstance(entry, EdgeCursor):
                value = f"[{keys}]"
            elif isinstance(entry, EdgeNode):
                value = self.projection(entry.projection, node)
            else:
                value = self._value(entry, str(rel))
            parts.append(f"{key(entry.key)}: {value}")
        return "{" + ", ".join(parts) + "}"

    def page_info(self, info: PageInfo, after: bool, rows: str, first: str) -> str:
        parts = []
        for name, entry in info.entries:
            if isinstance(entry, Constant):
                value = quote(entry.value)
            elif entry is PageInfoField.HAS_NEXT_PAGE:
                value = f"size({rows}) > {first}"
            elif entry is PageInfoField.HAS_PREVIOUS_PAGE:
                value = "true" if after else "false"
            elif entry is PageInfoField.START_CURSOR:
                value = f"head({rows}[0..{first}]).`__keys`"
            else:
                value = f"last({rows}[0..{first}]).`__keys`"
            parts.append(f"{key(name)}: {value}")
        return "{" + ", ".join(parts) + "}"

    def seek(self, order: Sequence[SortKey], after: Sequence[Any] | None, node: str) -> str | None:
        """Rows strictly after the cursor in the ordering (nulls last ascending, first
        descending, as Neo4j sorts them): the lexicographic keyset predicate."""
        if after is None:
            return None
        alternatives: list[str] = []
        equal_so_far: list[str] = []
        for sort_key, value in zip(order, after, strict=True):
            column = f"{node}.{sort_key.prop.name}"
            beyond = self._after(sort_key, column, value)
            if beyond:
                alternatives.append(" AND ".join([*equal_so_far, beyond]))
            equal_so_far.append(
                f"{column} IS NULL" if value is None else f"{column} = {self.param(value)}"
            )
        if not alternatives:
            return "false"
        seek = "(" + " OR ".join(f"({a})" for a in alternatives) + ")"
        bound = self._range(order[0], f"{node}.{order[0].prop.name}", after[0])
        # In coalesce() the disjunction stays one filter: bare, Neo4j plans it as a union of
        # index seeks, loses the index's order and sorts every row (1.7 s vs 12 ms a page
        # of trainers at scale 500, bench/README.md).
        return f"({bound} AND coalesce({seek}, false))" if bound else seek

    def _range(self, sort_key: SortKey, column: str, value: Any) -> str | None:
        """The first key's half of the predicate as a plain range, which an index on it can
        seek in order; absent where nulls still follow, since a range excludes them."""
        if value is None or not (sort_key.descending or sort_key.prop.required):
            return None
        return f"{column} {'<=' if sort_key.descending else '>='} {self.param(value)}"

    @staticmethod
    def ordered(order: Sequence[SortKey], node: str) -> str | None:
        """On a first page, `IS NOT NULL` on a required first key (true of every node) lets
        Neo4j read its index in order and stop after the page, not sort the label."""
        return f"{node}.{order[0].prop.name} IS NOT NULL" if order[0].prop.required else None

    def _after(self, sort_key: SortKey, column: str, value: Any) -> str | None:
        if value is None:
            return f"{column} IS NOT NULL" if sort_key.descending else None
        bound = self.param(value)
        if sort_key.descending:
            return f"{column} < {bound}"
        nulls_follow = "" if sort_key.prop.required else f" OR {column} IS NULL"
        return f"({column} > {bound}{nulls_follow})"

    # --- projections and filters --------------------------------------------------------

    def projection(
        self, plan: NodeProjection, node: str, hidden: dict[str, str] | None = None
    ) -> str:
        parts = [f"{key(name)}: {value}" for name, value in (hidden or {}).items()]
        for entry in plan.entries:
            if isinstance(entry, Nested):
                value = self.connection(entry.connection, node)
            else:
                value = self._value(entry, node)
            parts.append(f"{key(entry.key)}: {value}")
        return "{" + ", ".join(parts) + "}"

    def _value(self, entry: Value | Private | GlobalId | Constant, variable: str) -> str:
        if isinstance(entry, Private):
            return self._private(entry, variable)
        if isinstance(entry, GlobalId):
            return f"{quote(entry.prefix + ':')} + {variable}.id"
        if isinstance(entry, Constant):
            return quote(entry.value)
        return read(entry.prop, variable)

    def _private(self, entry: Private, variable: str) -> str:
        if entry.owner is None:
            return "null"
        link = self.variable("owner")
        owner = entry.owner
        return (
            f"CASE WHEN EXISTS {{ ({variable})-[{link}:{owner.type}]->"
            f"(:{owner.target} {{id: {self.param(entry.organisation)}}}) "
            f"WHERE {link}.until IS NULL OR {link}.until >= date() }} "
            f"THEN {read(entry.prop, variable)} END"
        )

    def filter(self, plan: Filter, node: str, rel: str | None) -> str:
        if isinstance(plan, Compare):
            return self._compare(plan, node)
        if isinstance(plan, Logical):
            inner = [self.filter(child, node, rel) for child in plan.children]
            if plan.op == "NOT":
                return f"NOT ({inner[0]})"
            return "(" + f" {plan.op} ".join(inner) + ")"
        return self._related(plan, node)

    def _compare(self, plan: Compare, variable: str) -> str:
        column = f"{variable}.{plan.prop.name}"
        if plan.op in (Op.IS_NULL, Op.IS_NOT_NULL):
            return f"{column} {plan.op.value}"
        if plan.op is Op.NOT_IN:
            return f"NOT {column} IN {self.param(plan.value)}"
        return f"{column} {plan.op.value} {self.param(plan.value)}"

    def _related(self, plan: Related, node: str) -> str:
        other, rel = self.variable(), self.variable("edge")
        arrow = f"[{rel}:{plan.end.relationship.type}]"
        target = f"({other}:{plan.end.other})"
        pattern = (
            f"({node})-{arrow}->{target}"
            if plan.end.direction is Direction.OUT
            else f"({node})<-{arrow}-{target}"
        )
        conditions = [self.filter(f, rel, None) for f in (plan.edge,) if f]
        conditions += [self.filter(f, other, None) for f in (plan.node,) if f]
        condition = " AND ".join(conditions) if conditions else None
        if plan.quantifier is Quantifier.ALL:
            if condition is None:
                return "true"
            return f"NOT EXISTS {{ MATCH {pattern} WHERE NOT ({condition}) }}"
        where = f" WHERE {condition}" if condition else ""
        exists = f"EXISTS {{ MATCH {pattern}{where} }}"
        return exists if plan.quantifier is Quantifier.SOME else f"NOT {exists}"


def order_by(order: Sequence[SortKey], node: str) -> str:
    return ", ".join(f"{node}.{k.prop.name}{' DESC' if k.descending else ''}" for k in order)


def sort_keys(order: Sequence[SortKey], node: str) -> str:
    return ", ".join(f"{node}.{k.prop.name}" for k in order)


def read(prop: Property, variable: str) -> str:
    """A property as the client receives it: dates and date-times as ISO 8601 text."""
    column = f"{variable}.{prop.name}"
    if prop.type in (Scalar.DATE, Scalar.DATETIME):
        return f"toString({column})"
    return column


def render(plan: Root) -> Statement:
    return Renderer().root(plan)
