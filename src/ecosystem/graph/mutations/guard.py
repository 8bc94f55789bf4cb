"""Row-level write rules as the write statements see them: a condition on what was locked.

What a partner may write of its own is a table here (`PARTNER_WRITES`), rendered into
docs/roles-and-keys.md; the roles and their grants are the domain's (domain/access.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecosystem.domain.access import Principal
from ecosystem.graph.errors import Forbidden


@dataclass(frozen=True)
class Guard:
    """A Cypher condition over the locked node `n`, or a relationship's ends `a` and `b`,
    checked in the write's own transaction: true when the target is the writer's own."""

    condition: str
    params: Mapping[str, Any]
    what: str  # what the writer may touch, for the error message

    def refuse(self) -> Forbidden:
        return Forbidden(f"only {self.what} may be written with this key")


def condition(guard: Guard | None) -> str:
    """The Cypher to return `AS owned` (always true without a guard)."""
    return f"({guard.condition})" if guard else "true"


def params(guard: Guard | None) -> Mapping[str, Any]:
    return guard.params if guard else {}


def enforce(guard: Guard | None, owned: bool) -> None:
    if guard is not None and not owned:
        raise guard.refuse()


# Conditions over the locked node `n` (node writes) or the relationship's ends `a`, `b`;
# `$org` is the partner's organisation. Types and labels are the domain's, never a request's.
_DEVELOPED = "EXISTS {{ ({var})-[:DEVELOPED_BY]->(:Organisation {{id: $org}}) }}"
_REPORTED = "EXISTS {{ ({var})-[:REPORTED_BY]->(:Organisation {{id: $org}}) }}"
# What a training outcome is for: a partner links the outcomes it reports.
_OUTCOME_LINKS = ("FOR_COURSE", "AT_BASE", "UNDER_PROGRAMME", "FOR_PROFESSION")


# (operation, node type or relationship type) → (condition, what a partner owns)
PARTNER_WRITES: dict[tuple[str, str], tuple[str, str]] = {
    ("update", "Organisation"): ("n.id = $org", "its own organisation"),
    ("create", "Course"): ("true", "new courses"),
    ("update", "Course"): (_DEVELOPED.format(var="n"), "courses it develops"),
    ("delete", "Course"): (_DEVELOPED.format(var="n"), "courses it develops"),
    **{
        (op, rel): ("b.id = $org", f"{what} of its own organisation")
        for rel, what in (
            ("AFFILIATED_WITH", "trainers' affiliations"),
            ("USED_BY", "use of training bases"),
            ("DEVELOPED_BY", "course development"),
        )
        for op in ("link", "update", "unlink")
    },
    # A course it develops may be claimed by nobody else first: linking needs it unclaimed.
    ("link", "DEVELOPED_BY"): (
        "b.id = $org AND NOT EXISTS { (a)-[:DEVELOPED_BY]->() }",
        "new courses it develops",
    ),
    **{
        (op, rel): (_DEVELOPED.format(var="a"), "links of courses it develops")
        for rel in ("PREPARES_FOR", "ALIGNS_WITH")
        for op in ("link", "update", "unlink")
    },
    # Training outcomes: created unclaimed, then claimed by the one organisation reporting them.
    ("create", "TrainingOutcome"): ("true", "new training outcomes"),
    ("update", "TrainingOutcome"): (_REPORTED.format(var="n"), "training outcomes it reports"),
    ("delete", "TrainingOutcome"): (_REPORTED.format(var="n"), "training outcomes it reports"),
    ("link", "REPORTED_BY"): (
        "b.id = $org AND NOT EXISTS { (a)-[:REPORTED_BY]->() }",
        "new training outcomes it reports",
    ),
    ("unlink", "REPORTED_BY"): ("b.id = $org", "training outcomes it reports"),
    **{
        (op, rel): (_REPORTED.format(var="a"), "links of training outcomes it reports")
        for rel in _OUTCOME_LINKS
        for op in ("link", "update", "unlink")
    },
    # Credit-bank recognition: what its own institution recognises.
    **{
        (op, "RECOGNISES"): ("a.id = $org", "credit recognitions by its own organisation")
        for op in ("link", "update", "unlink")
    },
}


def write_guard(principal: Principal, op: str, target: str) -> Guard | None:
    """None when the principal may write any such target; a Guard for what is its own.
    Raises Forbidden when it may write none."""
    scope = principal.grant.write
    if scope == "all":
        return None
    rule = PARTNER_WRITES.get((op, target)) if scope == "own" else None
    if rule is None or principal.organisation is None:
        raise Forbidden(f"the {principal.role} role may not {op} {target}")
    return Guard(rule[0], {"org": principal.organisation}, rule[1])


def render_partner_writes() -> str:
    """The list of what a partner may write, in docs/roles-and-keys.md."""
    grouped: dict[str, list[str]] = {}
    for (op, target), (_, what) in PARTNER_WRITES.items():
        grouped.setdefault(what, []).append(f"`{op}` {target}")
    return "".join(f"- {what}: {', '.join(ops)}\n" for what, ops in grouped.items())
