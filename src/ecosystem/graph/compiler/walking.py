"""Whether a root page walks its first sort key's index, and in which parts.

`organisations(where: {source: {eq: "synthetic"}}, orderBy: [{province: ASC}, {name: ASC}])`
left to the planner finds every match through the `source` index (63,003 at scale 500) and
keeps the best 101 by province, name and id: 170 ms. Walking the `province` index in order,
testing `source` as it goes, fills the page after 2,352 entries: 12 ms (bench/README.md,
NestedPage). The walk is not always the better road:

- **A filter an index could answer** (an equality, `in`, range or prefix on an indexed or
  unique property, or a `some` whose far end is one: anchoring.py) may match few nodes, and
  a walk would then read the whole index to find them. Such a page counts its matches first
  (the count its `totalCount` shows, read once for both) and walks only when they are many:
  when `count² ≥ (first + 1) × nodes of the label`. Spread evenly, the walk then reads
  `(first + 1) × nodes / count` entries, no more than the `count` the other road sorts.
  Only a page whose count is read anyway (`totalCount` selected, or a count the writes keep)
  chooses so: a count for the choice alone reads the filter's index to the end (Cypher's
  LIMIT cannot depend on the label's size, so it cannot stop at the threshold), which cost
  more than it saved (Wide at scale 500: 20 → 34 ms); such a page is left to the planner.
- **An optional first key** is absent from the index for nodes without it, which sort last
  ascending and first descending. The page is read in two parts, the indexed walk and those
  nodes, the second read only when the first leaves the page short; a cursor inside one part
  skips the part before it, and the part after it needs no cursor at all.

A required first key with no such filter is left to the planner: `IS NOT NULL` (keyset.py)
already makes it read the index in order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ecosystem.graph.compiler import anchoring
from ecosystem.graph.compiler.plan import (
    Compare,
    Connection,
    Filter,
    Logical,
    Op,
    Page,
    TotalCount,
)

INDEX_ANSWERS = frozenset(  # what a range index finds on its own
    {Op.EQ, Op.IN, Op.LT, Op.LTE, Op.GT, Op.GTE, Op.STARTS_WITH}
)


@dataclass(frozen=True)
class Part:
    """One part of a walked page: the nodes with the first key, walked in its index's order
    (`indexed`), or those without it; `plan` carries the part's cursor (None when every node of
    the part follows the page's cursor) and, for the indexed part, the key as present."""

    plan: Connection
    indexed: bool


@dataclass(frozen=True)
class Route:
    parts: tuple[Part, ...]
    guarded: bool  # walked only when the count says matches are many


def route(plan: Connection) -> Route | None:
    """How a root page walks its first key's index, or None when it does not."""
    first = plan.order[0].prop
    if plan.end or plan.source or plan.walk or not plan.needs_rows or not first.indexed:
        return None
    guarded = plan.filter is not None and _seekable(plan.filter, plan)
    if guarded and not _counted(plan):
        return None  # a count for the choice alone costs more than the planner's guess
    if first.required and not guarded:
        return None
    return Route(_parts(plan), guarded)


def _counted(plan: Connection) -> bool:
    """Whether the page's count is read anyway: `totalCount` asked for, or kept by writes."""
    return plan.count is not None or any(isinstance(e, TotalCount) for e in plan.entries)


def _seekable(plan: Filter, page: Connection) -> bool:
    """Whether an index other than the first key's could find the filter's nodes."""
    return any(_seeks(c, page) for c in anchoring.conjuncts(plan))


def _seeks(condition: Filter, page: Connection) -> bool:
    if anchoring.selective(condition):
        return True
    if isinstance(condition, Logical):
        either = condition.op == "OR"
        return either and all(_seekable(child, page) for child in condition.children)
    if not isinstance(condition, Compare) or condition.op not in INDEX_ANSWERS:
        return False
    prop = condition.prop
    return prop != page.order[0].prop and (prop.indexed or prop.unique)


def _parts(plan: Connection) -> tuple[Part, ...]:
    head, *rest = plan.order
    present = replace(plan, order=(replace(head, prop=replace(head.prop, required=True)), *rest))
    indexed = Part(present, indexed=True)
    if head.prop.required:
        return (indexed,)
    absent = Part(plan, indexed=False)
    after = plan.page.after
    if after is None:
        return (absent, indexed) if head.descending else (indexed, absent)
    if (after[0] is None) != head.descending:  # the cursor is in the part that comes last
        return (indexed,) if head.descending else (absent,)
    # The cursor is in the part that comes first; every node of the other follows it.
    if head.descending:
        return (absent, Part(_from_start(present), indexed=True))
    return (indexed, Part(_from_start(plan), indexed=False))


def _from_start(plan: Connection) -> Connection:
    return replace(plan, page=Page(plan.page.first, None))
