"""Where a count starts: from the selective far end of a `some` filter when there is one.

`trainers(where: {affiliations: {some: {node: {kind: {eq: TRADE_ASSOCIATION}}}}}) { totalCount }`
printed as `MATCH (t:Trainer) WHERE EXISTS { … }` makes Neo4j read every trainer and test
each (a semi-apply always starts from the outer node). Printed as one pattern, `MATCH
(t:Trainer)-[r:AFFILIATED_WITH]->(o:Organisation) WHERE o.kind = $k … RETURN DISTINCT t`, the
planner may start from the organisations' `kind` index and expand to their trainers: 1.2× to
8× faster on the bench graph (the rarer the kind, the larger the gain). It counts the same
trainers: each matched once (DISTINCT), as EXISTS does.

Only counts take this form. A page stays EXISTS: it reads trainers in the sort's index order
and stops after `first + 1`, which an anchored pattern (every match, then sorted) cannot beat.

A root count whose whole filter is one the writes keep a count for (graph/derived/kept.py)
is not counted at all: it reads that number (`kept_count`).
"""

from __future__ import annotations

from ecosystem.graph.compiler.plan import (
    Compare,
    Cypher,
    Filter,
    Logical,
    Op,
    Quantifier,
    Related,
)
from ecosystem.graph.derived.aggregates import COUNTERS_ID
from ecosystem.graph.derived.kept import KEPT_COUNTS, KeptCount

SEEKS = (Op.EQ, Op.IN)
Anchor = tuple[Related, tuple[Filter, ...]]  # where to start, and what is left to test


def conjuncts(plan: Filter) -> tuple[Filter, ...]:
    """The filters that must all hold (the children of a top-level AND)."""
    if isinstance(plan, Logical) and plan.op == "AND":
        return tuple(c for child in plan.children for c in conjuncts(child))
    return (plan,)


def selective(plan: Filter) -> bool:
    """A `some` filter whose far end is found through an index: an equality (or `in`) on an
    indexed or unique property among what must hold of it."""
    if not isinstance(plan, Related) or plan.quantifier is not Quantifier.SOME:
        return False
    if plan.node is None:
        return False
    return any(
        isinstance(c, Compare) and c.op in SEEKS and (c.prop.indexed or c.prop.unique)
        for c in conjuncts(plan.node)
    )


def anchor(plan: Filter | None) -> Anchor | None:
    """The `some` filter to start a count from, and the filters left to test; None when no
    conjunct is selective."""
    if plan is None:
        return None
    parts = conjuncts(plan)
    found = next((p for p in parts if selective(p)), None)
    if not isinstance(found, Related):
        return None
    return found, tuple(p for p in parts if p is not found)


def kept_count(label: str, plan: Filter | None) -> Cypher | None:
    """The kept count a root `totalCount` of `label` under `plan` reads, if the writes keep
    one for exactly that filter (every one of its conditions, nothing else)."""
    for count in KEPT_COUNTS:
        value = _kept_value(count, label, plan)
        if value is not None:
            return Cypher(
                "coalesce(head(COLLECT {{ MATCH ({kept}:EcosystemCounters {{id: {counters}}}) "
                "RETURN {kept}[{measure}] }}), 0)",
                {"counters": COUNTERS_ID, "measure": count.measure(value)},
            )
    return None


def _kept_value(count: KeptCount, label: str, plan: Filter | None) -> str | None:
    """The value of `count.by` that `plan` asks for, when `plan` is the kept count's filter."""
    related = _only(plan)
    if label != count.label or not isinstance(related, Related):
        return None
    if related.quantifier is not Quantifier.SOME or related.end.field != count.field:
        return None
    on_node, on_edge = _only(related.node), _only(related.edge)
    if not (isinstance(on_node, Compare) and isinstance(on_edge, Compare)):
        return None
    if (on_node.prop.name, on_node.op, on_edge.prop.name, on_edge.op) != (
        count.by,
        Op.EQ,
        count.open,
        Op.IS_NULL,
    ):
        return None
    return on_node.value if on_node.value in count.values else None


def _only(plan: Filter | None) -> Filter | None:
    """The one condition `plan` makes (None when it makes none or several)."""
    parts = conjuncts(plan) if plan is not None else ()
    return parts[0] if len(parts) == 1 else None
