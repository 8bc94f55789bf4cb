"""The query plan: what to read, filter, sort, page and project — plain data.

`build.py` makes a plan from the selection and the domain (and, for a question, from its
answer's vocabulary); `cypher.py` prints it; `finish.py` shapes Neo4j's answer by it. Cypher
text appears in a plan only as a question's own fragments (`Cypher`), from its vocabulary,
never from a request. Each node can `describe()` itself, so a failing translation test shows
what was planned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ecosystem.domain import NodeType, Property, RelationshipEnd, RelationshipType

# --- filters ----------------------------------------------------------------------------


class Op(Enum):
    EQ = "="
    NE = "<>"
    IN = "IN"
    NOT_IN = "NOT IN"
    LT = "<"
    LTE = "<="
    GT = ">"
    GTE = ">="
    CONTAINS = "CONTAINS"
    STARTS_WITH = "STARTS WITH"
    ENDS_WITH = "ENDS WITH"
    IS_NULL = "IS NULL"
    IS_NOT_NULL = "IS NOT NULL"


@dataclass(frozen=True)
class Compare:
    """`variable.prop <op> value` on the node or relationship in scope."""

    prop: Property
    op: Op
    value: Any = None


@dataclass(frozen=True)
class Logical:
    op: str  # AND, OR, NOT
    children: tuple[Filter, ...]


class Quantifier(Enum):
    SOME = "some"
    NONE = "none"
    ALL = "all"


@dataclass(frozen=True)
class Related:
    """Some, none or all of the relationships behind `end` match `node` and `edge`."""

    end: RelationshipEnd
    quantifier: Quantifier
    node: Filter | None
    edge: Filter | None


@dataclass(frozen=True)
class Live:
    """A parameter read each time the statement runs, not when it compiles: compiled
    statements are cached per document and variables, and live for days (today's date; what
    this process already knows, as the largest component per version of the pairs)."""

    read: Callable[[], Any]


@dataclass(frozen=True)
class Cypher:
    """A fragment of a question's Cypher, from its vocabulary (domain definitions, never
    request text). Its `{name}` placeholders are filled when printed: a name in `values`
    becomes a parameter, any other name a variable of the statement (one name, one variable;
    `{node}` is the node in scope)."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Condition:
    """A question's own condition on the node in scope, among the filters."""

    cypher: Cypher


Filter = Compare | Logical | Related | Condition

# --- sorting and paging -----------------------------------------------------------------


@dataclass(frozen=True)
class SortKey:
    prop: Property
    descending: bool = False


@dataclass(frozen=True)
class Page:
    first: int
    after: tuple[Any, ...] | None  # the sort values of the last row seen, id last


# --- projections ------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A property, read as the client sees it (dates as ISO text)."""

    key: str
    prop: Property


@dataclass(frozen=True)
class Private:
    """A private property, for a viewer who may see it only where it is theirs (`owner`: the
    relationship to their `organisation`) or not at all (no owner: always null)."""

    key: str
    prop: Property
    owner: RelationshipType | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class GlobalId:
    key: str
    prefix: str  # node type name or relationship type


@dataclass(frozen=True)
class Constant:
    key: str  # `__typename` and the like
    value: str


@dataclass(frozen=True)
class Nested:
    """A relationship field of a node: a connection anchored on that node."""

    key: str
    connection: Connection


@dataclass(frozen=True)
class NodeProjection:
    node: NodeType
    entries: tuple[Value | Private | GlobalId | Constant | Nested, ...]


@dataclass(frozen=True)
class EdgeCursor:
    key: str


@dataclass(frozen=True)
class EdgeNode:
    key: str
    projection: NodeProjection


# --- a question's answer: its fields, each read from the variables its Cypher binds ------


@dataclass(frozen=True)
class Expr:
    """A scalar; `then` is Python's part of it (the graph algorithms Cypher lacks)."""

    key: str
    cypher: Cypher
    then: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class NodeAt:
    """The node an expression names (null stays null), projected for its type; with
    `any_type`, one projection per type, chosen by the node's label (the `Node` interface).
    A variable is projected as it is unless `nullable` says it may be null."""

    key: str
    cypher: Cypher
    projections: tuple[NodeProjection, ...]
    any_type: bool = False
    nullable: bool = False


@dataclass(frozen=True)
class Each:
    """A list: each element of `cypher` bound to the placeholder `var` for `item`; `binds`,
    for a field of a question's answer itself: the clauses that bind what `cypher` reads,
    printed only when the field is selected (vocabulary.py `ListOf.binds`)."""

    key: str
    cypher: Cypher
    var: str
    item: Answer
    binds: Cypher | None = None


@dataclass(frozen=True)
class Fields:
    """An object of the selected fields."""

    key: str
    entries: tuple[Answer, ...]


EdgeEntry = Value | GlobalId | Constant | EdgeCursor | EdgeNode | Expr | NodeAt | Each | Fields


@dataclass(frozen=True)
class Edges:
    key: str
    entries: tuple[EdgeEntry, ...]


class PageInfoField(Enum):
    HAS_NEXT_PAGE = "hasNextPage"
    HAS_PREVIOUS_PAGE = "hasPreviousPage"
    START_CURSOR = "startCursor"
    END_CURSOR = "endCursor"


@dataclass(frozen=True)
class PageInfo:
    key: str
    entries: tuple[tuple[str, PageInfoField | Constant], ...]


@dataclass(frozen=True)
class TotalCount:
    key: str


ConnectionEntry = Edges | PageInfo | TotalCount | Constant


@dataclass(frozen=True)
class Walk:
    """Read the whole label in its first sort key's index order, filtering as it goes: for
    conditions no index answers (derived flags most nodes meet), which Neo4j otherwise meets by
    finding every match and sorting them all for one page. When many nodes match, a page is
    full after a few index entries; few matches cost a walk of the index (what a scan costs).
    With a question's `source`, the walk is taken only `when` the question's estimate (from
    derived counts) says so, and `matches` stands for what the source's pattern required."""

    when: Cypher | None = None
    matches: Cypher | None = None


@dataclass(frozen=True)
class Connection:
    """A page of nodes of one type: from the whole label, behind a relationship, or as a
    question finds them (`source`: a MATCH that binds `{node}` once per node)."""

    node: NodeType
    end: RelationshipEnd | None  # None for a root connection
    filter: Filter | None
    order: tuple[SortKey, ...]
    page: Page
    entries: tuple[ConnectionEntry, ...]
    source: Cypher | None = None
    walk: Walk | None = None
    count: Cypher | None = None  # a question's own totalCount (a derived count), if it has one

    @property
    def needs_rows(self) -> bool:
        return any(isinstance(e, Edges | PageInfo) for e in self.entries)


# --- root operations --------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    """`node(id:)` and `nodes(ids:)`: nodes by id, each projected for its own type."""

    refs: tuple[tuple[str, str], ...]  # (type name, raw id), in request order
    projections: tuple[NodeProjection, ...]  # one per type present
    many: bool


@dataclass(frozen=True)
class HitScore:
    key: str


@dataclass(frozen=True)
class HitNode:
    key: str
    projections: tuple[NodeProjection, ...]  # one per searchable type


@dataclass(frozen=True)
class Search:
    """Full-text search over names: ranked hits of any node type."""

    query: str  # Lucene syntax, already escaped
    labels: tuple[str, ...]
    first: int
    entries: tuple[HitScore | HitNode | Constant, ...]
    include_sample: bool = True


Answer = Expr | NodeAt | Each | Fields | Constant


@dataclass(frozen=True)
class Ask:
    """A question: clauses binding its variables (`prelude`), then its answer. `values` are
    the parameters its fragments share by name (the day asked about…). With `exists`, the
    answer is null when that is false, and finishing raises NOT_FOUND with `missing`. With
    `chunk`, an answer of `Fields` too large to hold whole comes back in rows (graph/rows.py):
    each list it holds in slices of at most `chunk` items, each slice encoded as it arrives."""

    answer: Answer | Connection
    prelude: Cypher | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    exists: Cypher | None = None
    missing: tuple[str, tuple[str | int, ...]] = ("", ())
    chunk: int | None = None


Root = Connection | Lookup | Search | Ask


def describe(plan: object, indent: int = 0) -> str:
    """A readable outline of a plan, for debugging and test failures."""
    pad = "  " * indent
    if isinstance(plan, tuple):
        return "\n".join(describe(item, indent) for item in plan)
    fields = getattr(plan, "__dataclass_fields__", None)
    if fields is None:
        return f"{pad}{plan!r}"
    lines = [f"{pad}{type(plan).__name__}"]
    for name in fields:
        value = getattr(plan, name)
        if hasattr(value, "__dataclass_fields__") or (
            isinstance(value, tuple) and value and hasattr(value[0], "__dataclass_fields__")
        ):
            lines.append(f"{pad}  {name}:")
            lines.append(describe(value, indent + 2))
        elif name not in {"node", "prop", "end"}:
            lines.append(f"{pad}  {name}: {value!r}")
        else:
            lines.append(
                f"{pad}  {name}: {getattr(value, 'name', None) or getattr(value, 'field', value)}"
            )
    return "\n".join(lines)
