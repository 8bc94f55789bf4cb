"""Plan → one Cypher statement and its parameters: the one renderer, for every root field.

Deterministic names (`this0`, `param0`…) keep translation snapshots stable. Every value is a
parameter; labels, types and property names come from the domain model only, and a question's
own fragments from its vocabulary (their placeholders filled by a `Scope`). A connection — of
a label, behind a relationship, or of a question — is one expression: a COLLECT subquery for
the page (LIMIT first + 1, so hasNextPage needs no second query) and a COUNT subquery for
totalCount when it is asked for, so a nested connection is just an entry of its parent's map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ecosystem.domain import Direction, Property, Scalar
from ecosystem.domain.definitions import SYNTHETIC_SOURCE
from ecosystem.graph.compiler import anchoring, keyset, walking
from ecosystem.graph.compiler.plan import (
    Answer,
    Ask,
    Compare,
    Condition,
    Connection,
    Constant,
    Cypher,
    Each,
    EdgeCursor,
    EdgeNode,
    Edges,
    Expr,
    Fields,
    Filter,
    GlobalId,
    HitNode,
    HitScore,
    Live,
    Logical,
    Lookup,
    Nested,
    NodeAt,
    NodeProjection,
    Op,
    PageInfo,
    PageInfoField,
    Private,
    Quantifier,
    Related,
    Root,
    Search,
    TotalCount,
    Value,
)
from ecosystem.graph.rows import AT, DATA, KEYS, PART, TYPE_KEY

FULLTEXT_INDEX = "names"
# A search first asks Lucene for its best few hits (at least this many, and this many per hit
# asked for) to learn how relevant the last hit shown can be: cypher.py `_search_floor`.
SEARCH_PROBE, SEARCH_PROBE_PER_HIT = 100, 5
SEARCH_FLOOR_MARGIN = 0.01


@dataclass(frozen=True)
class Statement:
    cypher: str
    params: dict[str, Any]

    def bound(self) -> dict[str, Any]:
        """The parameters as the statement runs now (each `Live` one read)."""
        return {k: v.read() if isinstance(v, Live) else v for k, v in self.params.items()}


def quote(text: str) -> str:
    """A Cypher string literal of trusted text (names from the domain, never request text)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def key(name: str) -> str:
    return f"`{name.replace('`', '``')}`"


class Scope:
    """Placeholder → Cypher while a question prints: a bound name (a variable in scope, a
    parameter) as bound here or further out; any other name becomes a variable of the
    statement on first use, the same one wherever it appears again."""

    def __init__(
        self, renderer: Renderer, bound: Mapping[str, str] | None = None, outer: Scope | None = None
    ) -> None:
        self.renderer = renderer
        self.bound = dict(bound or {})
        self.outer = outer

    def __getitem__(self, name: str) -> str:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bound:
                return scope.bound[name]
            scope = scope.outer
        root = self._root()
        root.bound[name] = self.renderer.variable(name)
        return root.bound[name]

    def _root(self) -> Scope:
        return self if self.outer is None else self.outer._root()

    def inner(self, **bound: str) -> Scope:
        return Scope(self.renderer, bound, self)

    def fill(self, cypher: Cypher) -> str:
        root = self._root()
        for name, value in cypher.values.items():
            if name not in root.bound:
                root.bound[name] = self.renderer.param(value)
            elif self.renderer.params.get(root.bound[name].removeprefix("$")) != value:
                raise ValueError(f"{{{name}}} stands for two values in one statement")
        return cypher.template.format_map(self)


@dataclass
class Renderer:
    params: dict[str, Any] = field(default_factory=dict)
    _variables: int = 0
    scope: Scope | None = None

    @property
    def names(self) -> Scope:
        """The statement's scope of question placeholders (made on first use)."""
        if self.scope is None:
            self.scope = Scope(self)
        return self.scope

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
            cypher = f"RETURN {self.connection(plan, None)} AS {DATA}"
        elif isinstance(plan, Lookup):
            cypher = self.lookup(plan)
        elif isinstance(plan, Search):
            cypher = self.search(plan)
        else:
            cypher = self.ask(plan)
        return Statement(cypher, self.params)

    def ask(self, plan: Ask) -> str:
        names = self.names
        for name, value in plan.values.items():
            names.bound[name] = self.param(value)
        prelude = f"{names.fill(plan.prelude)} " if plan.prelude else ""
        if plan.chunk is not None:
            return prelude + self.chunked(plan.answer, plan.chunk, names)
        if isinstance(plan.answer, Fields):  # the clauses of its selected lists, each once
            binds = (self.binds(e, names) for e in plan.answer.entries)
            prelude += "".join(dict.fromkeys(binds))
        answer = self.answer(plan.answer, names)
        if plan.exists is not None:
            answer = f"CASE WHEN {names.fill(plan.exists)} THEN {answer} END"
        return f"{prelude}RETURN {answer} AS {DATA}"

    def chunked(self, plan: Answer | Connection, chunk: int, scope: Scope) -> str:
        """Rows of `part, at, data` (graph/rows.py): each of the answer's fields in turn, a
        list in slices of `chunk` items, anything else whole. Neo4j projects a slice as the
        client asks for the next rows, so no one row holds the whole answer. The lists with
        clauses of their own (`Each.binds`) come last, their clauses run only when their
        turn comes: meanwhile the rows before them travel and are decoded."""
        if not isinstance(plan, Fields):
            raise ValueError("only an answer of fields comes in chunks")
        part, at, value = self.variable("part"), self.variable("at"), self.variable("value")
        size = self.param(chunk)
        turns = sorted(enumerate(plan.entries), key=lambda e: bool(self.binds(e[1], scope)))
        branches = []
        for index, entry in turns:
            head = f"WITH * WHERE {part} = {index} "
            if isinstance(entry, Each):
                items = scope.fill(entry.cypher)
                sliced = self.each(entry, scope, f"{items}[{at}..{at} + {size}]")
                branches.append(
                    f"{head}{self.binds(entry, scope)}UNWIND range(0, size({items}) - 1, "
                    f"{size}) AS {at} RETURN {at}, {sliced} AS {value}"
                )
            else:
                branches.append(f"{head}RETURN 0 AS {at}, {self.answer(entry, scope)} AS {value}")
        return (
            f"UNWIND [{', '.join(str(index) for index, _ in turns)}] AS {part} "
            f"CALL (*) {{ {' UNION ALL '.join(branches)} }} "
            f"RETURN {part} AS {PART}, {at} AS {AT}, {value} AS {DATA}"
        )

    def binds(self, entry: Answer | Connection, scope: Scope) -> str:
        """The clauses a field of the answer needs of its own (`Each.binds`), if any."""
        if isinstance(entry, Each) and entry.binds is not None:
            return f"{scope.fill(entry.binds)} "
        return ""

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
        return f"RETURN {listed if plan.many else listed + '[0]'} AS {DATA}"

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
        query, first = self.param(plan.query), self.param(plan.first)
        floor = self.variable("floor")
        # Relevance first; among equally relevant names, documented facts before generated
        # sample data, then the better connected node (degree comes from the store). Only the
        # hits at least as relevant as the last one shown can be shown (`floor`), so only
        # they are ranked by the rest: at scale 500 "家政" has 44,000 hits and 1,200 such.
        return (
            f"{self._search_floor(plan, query, first, floor)} "
            f"CALL db.index.fulltext.queryNodes({quote(FULLTEXT_INDEX)}, {query}) "
            f"YIELD node AS {node}, score AS {score} "
            f"WHERE ({floor} IS NULL OR {score} >= {floor}) "
            f"AND {self._wanted(plan, node)} "
            f"WITH {node}, {score} ORDER BY {score} DESC, "
            f"{node}.source = {quote(SYNTHETIC_SOURCE)}, COUNT {{ ({node})--() }} DESC, "
            f"{node}.id LIMIT {first} "
            f"RETURN collect({{{', '.join(entries)}}}) AS {DATA}"
        )

    def _search_floor(self, plan: Search, query: str, first: str, floor: str) -> str:
        """Binds `floor`, a score no hit shown is below, from Lucene's best few hits alone (it
        ranks them without reading the rest): the `first`-th wanted one's, less 1%, as the
        index is eventually consistent and the full read may see a refresh that shifts every
        score a little (well under 1% with this many hits). Null when the few cannot tell:
        Lucene found fewer than it was asked for (every hit is then among them, and the full
        read is as short), or fewer than `first` of them are wanted."""
        node, score = self.variable(), self.variable("score")
        hits, hit = self.variable("hits"), self.variable("hit")
        probe = self.param(max(SEARCH_PROBE, SEARCH_PROBE_PER_HIT * plan.first))
        return (
            f"CALL () {{ CALL db.index.fulltext.queryNodes({quote(FULLTEXT_INDEX)}, {query}, "
            f"{{limit: {probe}}}) YIELD node AS {node}, score AS {score} "
            f"WITH collect({{score: {score}, wanted: {self._wanted(plan, node)}}}) AS {hits} "
            f"RETURN CASE WHEN size({hits}) = {probe} THEN COLLECT {{ UNWIND {hits} AS {hit} "
            f"WITH {hit} WHERE {hit}.wanted RETURN {hit}.score ORDER BY {hit}.score DESC "
            f"SKIP {first} - 1 LIMIT 1 }}[0] * {1 - SEARCH_FLOOR_MARGIN} END AS {floor} }}"
        )

    @staticmethod
    def _wanted(plan: Search, node: str) -> str:
        """Whether a hit is of a type asked for (and not sample data, unless that is asked)."""
        wanted = f"{node}:{'|'.join(plan.labels)}"
        if not plan.include_sample:
            wanted += f" AND {node}.source <> {quote(SYNTHETIC_SOURCE)}"
        return wanted

    def _hit_node(self, entry: HitNode, node: str) -> str:
        return self.by_label(entry.projections, node)

    def by_label(self, projections: Sequence[NodeProjection], node: str) -> str:
        """A node of any type, projected for its label, saying which projection it used."""
        cases = " ".join(
            f"WHEN {node}:{p.node.label} THEN "
            f"{self.projection(p, node, hidden={TYPE_KEY: quote(p.node.name)})}"
            for p in projections
        )
        return f"CASE {cases} END"

    # --- a question's answer ------------------------------------------------------------

    def answer(self, plan: Answer | Connection, scope: Scope) -> str:
        if isinstance(plan, Connection):
            return self.connection(plan, None)
        if isinstance(plan, Expr):
            return scope.fill(plan.cypher)
        if isinstance(plan, Constant):
            return quote(plan.value)
        if isinstance(plan, Fields):
            entries = (f"{key(e.key)}: {self.answer(e, scope)}" for e in plan.entries)
            return "{" + ", ".join(entries) + "}"
        if isinstance(plan, Each):
            return self.each(plan, scope, scope.fill(plan.cypher))
        return self.node_at(plan, scope)

    def each(self, plan: Each, scope: Scope, items: str) -> str:
        var = self.variable(plan.var)
        item = self.answer(plan.item, scope.inner(**{plan.var: var}))
        return f"[{var} IN {items} | {item}]"

    def node_at(self, plan: NodeAt, scope: Scope) -> str:
        expr = scope.fill(plan.cypher)
        if plan.any_type:
            var = self.variable("node")
            return f"[{var} IN [{expr}] | {self.by_label(plan.projections, var)}][0]"
        (projection,) = plan.projections
        if expr.isidentifier() and not plan.nullable:
            return self.projection(projection, expr)
        var = self.variable("node")  # patterns need a variable, not an expression
        inner = self.projection(projection, var)
        return f"[{var} IN [{expr}] WHERE {var} IS NOT NULL | {inner}][0]"

    # --- connections --------------------------------------------------------------------

    def connection(self, plan: Connection, anchor: str | None) -> str:
        node = self.variable()
        rel = self.variable("edge") if plan.end else None
        match = self._match(plan, anchor, node, rel)
        anchored = anchoring.anchor(plan.filter) if plan.end is None and not plan.source else None
        counted_apart = (
            anchored is not None
            or plan.count is not None
            or not any(isinstance(e, TotalCount) for e in plan.entries)
        )
        # Printed once for the page and the count, unless the count starts elsewhere.
        needed = plan.needs_rows or not counted_apart
        where = self.filter(plan.filter, node, rel) if plan.filter and needed else None
        walk = walking.route(plan)
        # A guarded walk counts the matches first: the count is bound once, for the choice
        # and for totalCount.
        total = self.variable("total") if walk and walk.guarded else None
        parts: list[str] = []
        rows = self.variable("rows") if plan.needs_rows else None
        first = self.param(plan.page.first) if plan.needs_rows else ""
        # A question's nodes (found by its own pattern, each once) counted and paged: found
        # once and kept, instead of running the pattern twice.
        found = self.variable("found") if plan.source and rows and not counted_apart else None
        for entry in plan.entries:
            if isinstance(entry, Edges):
                row = self.variable("row")
                page = f"{rows}[0..{first}]"
                parts.append(f"{key(entry.key)}: [{row} IN {page} | {row}.{key(entry.key)}]")
            elif isinstance(entry, PageInfo):
                after = plan.page.after is not None
                parts.append(f"{key(entry.key)}: {self.page_info(entry, after, str(rows), first)}")
            elif isinstance(entry, TotalCount):
                count = total or self._total(
                    plan, node, found=found, anchored=anchored, found_by=(match, where)
                )
                parts.append(f"{key(entry.key)}: {count}")
            else:
                parts.append(f"{key(entry.key)}: {quote(entry.value)}")
        body = "{" + ", ".join(parts) + "}"
        if rows is None:
            return body
        if walk is not None:
            paged = self._walked(
                walk, plan, node, found_by=(match, where), first=first, total=total
            )
            page = f"[{rows} IN [{paged}] | {body}][0]"
            if total is None:
                return page
            counted = self._total(
                plan, node, found=None, anchored=anchored, found_by=(match, where)
            )
            return f"[{total} IN [{counted}] | {page}][0]"
        if found is None:
            # Bind the page once (a one-element list comprehension is Cypher's `let`).
            return f"[{rows} IN [{self._paged(plan, match, where, node, rel)}] | {body}][0]"
        kept = f"UNWIND {found} AS {node} WITH {node}"
        page = f"[{rows} IN [{self._collect(plan, kept, None, node, rel)}] | {body}][0]"
        every = f"COLLECT {{ {match}{where_clause(where)} RETURN {node} }}"
        return f"[{found} IN [{every}] | {page}][0]"

    def _total(
        self,
        plan: Connection,
        node: str,
        *,
        found: str | None,
        anchored: anchoring.Anchor | None,
        found_by: tuple[str, str | None],
    ) -> str:
        """totalCount: a question's own count, the nodes it found, or a count of its own."""
        if plan.count is not None:
            return self.names.inner(node=node).fill(plan.count)
        if found:
            return f"size({found})"
        return self._count(plan, anchored, *found_by, node)

    def _collect(
        self, plan: Connection, match: str, where: str | None, node: str, rel: str | None
    ) -> str:
        seek = keyset.seek(plan.order, plan.page.after, node, self.param)
        if seek is None and rel is None:
            seek = keyset.ordered(plan.order, node)
        conditions = where_clause(where, seek)
        carried = ", ".join(v for v in (node, rel) if v)
        order, keys = keyset.order_by(plan.order, node), keyset.sort_keys(plan.order, node)
        row = [f"{key(KEYS)}: [{keys}]"]
        for entry in plan.entries:
            if isinstance(entry, Edges):
                row.append(f"{key(entry.key)}: {self.edge(entry, node, rel, keys)}")
        limit = self.param(plan.page.first + 1)
        return (
            f"COLLECT {{ {match}{conditions} WITH {carried} ORDER BY {order} "
            f"LIMIT {limit} RETURN {{{', '.join(row)}}} }}"
        )

    def _walked(
        self,
        walk: walking.Route,
        plan: Connection,
        node: str,
        *,
        found_by: tuple[str, str | None],
        first: str,
        total: str | None,
    ) -> str:
        """A root page read in its first key's index order (walking.py): its parts in turn,
        each read only when those before it leave the page short; when guarded, only if the
        count says the matches are many, else as the planner finds them."""
        (match, where), label = found_by, plan.node.label
        name = plan.order[0].prop.name
        hinted = index_walk(node, label, name)
        absent = f"{node}.{name} IS NULL"
        walked = ""
        for part in reversed(walk.parts):
            if part.indexed:
                rows = self._collect(part.plan, hinted, where, node, None)
            else:
                missing = f"{where} AND {absent}" if where else absent
                rows = self._collect(part.plan, match, missing, node, None)
            if walked:
                head = self.variable("head")
                more = f"CASE WHEN size({head}) > {first} THEN {head} ELSE {head} + {walked} END"
                rows = f"[{head} IN [{rows}] | {more}][0]"
            walked = rows
        if total is None:
            return walked
        every = f"COUNT {{ MATCH (:{label}) }}"
        many = f"{total} * {total} >= {self.param(plan.page.first + 1)} * {every}"
        found = self._collect(plan, match, where, node, None)
        return f"CASE WHEN {many} THEN {walked} ELSE {found} END"

    def _paged(
        self, plan: Connection, match: str, where: str | None, node: str, rel: str | None
    ) -> str:
        """The page's rows: from `match`, or by walking the first sort key's index (plan.py's
        Walk). The key must be indexed and required, so that every page has a predicate the
        index answers (keyset.py: `IS NOT NULL`, or the cursor's range)."""
        walk, first = plan.walk, plan.order[0].prop
        if walk is None or plan.end or not (first.indexed and first.required):
            return self._collect(plan, match, where, node, rel)
        scope = self.names.inner(node=node)
        label = plan.node.label
        hinted = index_walk(node, label, first.name)
        if plan.source is None:
            return self._collect(plan, hinted, where, node, rel)
        if walk.when is None or walk.matches is None:
            raise ValueError("a question's walk needs `when` and `matches`")
        matches = scope.fill(walk.matches)
        walked = self._collect(plan, hinted, f"{where} AND {matches}" if where else matches,
                               node, rel)  # fmt: skip
        sourced = self._collect(plan, match, where, node, rel)
        # Cypher evaluates only the branch taken: one of the two is read.
        return f"CASE WHEN {scope.fill(walk.when)} THEN {walked} ELSE {sourced} END"

    def _match(self, plan: Connection, anchor: str | None, node: str, rel: str | None) -> str:
        """The clause binding each node of the connection once."""
        if plan.source is not None:
            return self.names.inner(node=node).fill(plan.source)
        target = f"({node}:{plan.node.label})"
        if plan.end is None or anchor is None or rel is None:
            return f"MATCH {target}"
        arrow = f"[{rel}:{plan.end.relationship.type}]"
        if plan.end.direction is Direction.OUT:
            return f"MATCH ({anchor})-{arrow}->{target}"
        return f"MATCH ({anchor})<-{arrow}-{target}"

    def edge(self, edges: Edges, node: str, rel: str | None, keys: str) -> str:
        parts = []
        for entry in edges.entries:
            if isinstance(entry, EdgeCursor):
                value = f"[{keys}]"
            elif isinstance(entry, EdgeNode):
                value = self.projection(entry.projection, node)
            elif isinstance(entry, Expr | NodeAt | Each | Fields):
                value = self.answer(entry, self.names.inner(node=node))
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
                value = f"head({rows}[0..{first}]).{key(KEYS)}"
            else:
                value = f"last({rows}[0..{first}]).{key(KEYS)}"
            parts.append(f"{key(name)}: {value}")
        return "{" + ", ".join(parts) + "}"

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
        if isinstance(plan, Condition):
            return self.names.inner(node=node).fill(plan.cypher)
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

    def _relation(self, plan: Related, node: str) -> tuple[str, str | None]:
        """The pattern from `node` through the relationship, and what must hold of its far
        end and the edge (None: nothing)."""
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
        return pattern, " AND ".join(conditions) if conditions else None

    def _count(
        self,
        plan: Connection,
        anchored: anchoring.Anchor | None,
        match: str,
        where: str | None,
        node: str,
    ) -> str:
        """`totalCount`: from the selective far end of a `some` filter when there is one
        (anchoring.py), else every node the connection matches."""
        if anchored is None:
            return f"COUNT {{ {match}{where_clause(where)} }}"
        related, rest = anchored
        pattern, condition = self._relation(related, f"{node}:{plan.node.label}")
        conditions = where_clause(condition, *(self.filter(f, node, None) for f in rest))
        return f"COUNT {{ MATCH {pattern}{conditions} RETURN DISTINCT {node} }}"

    def _related(self, plan: Related, node: str) -> str:
        pattern, condition = self._relation(plan, node)
        if plan.quantifier is Quantifier.ALL:
            if condition is None:
                return "true"
            return f"NOT EXISTS {{ MATCH {pattern} WHERE NOT ({condition}) }}"
        where = f" WHERE {condition}" if condition else ""
        exists = f"EXISTS {{ MATCH {pattern}{where} }}"
        return exists if plan.quantifier is Quantifier.SOME else f"NOT {exists}"


def index_walk(node: str, label: str, prop: str) -> str:
    """Every node of `label` read through the index on `prop`, in its order."""
    return f"MATCH ({node}:{label}) USING INDEX {node}:{label}({prop})"


def where_clause(*conditions: str | None) -> str:
    """` WHERE a AND b` of the conditions that are there ("" when none is)."""
    present = [c for c in conditions if c]
    return f" WHERE {' AND '.join(present)}" if present else ""


def read(prop: Property, variable: str) -> str:
    """A property as the client receives it: dates and date-times as ISO 8601 text."""
    column = f"{variable}.{prop.name}"
    if prop.type in (Scalar.DATE, Scalar.DATETIME):
        return f"toString({column})"
    return column


def render(plan: Root) -> Statement:
    return Renderer().root(plan)
