"""`viewer`: who is asking, and for a partner its own organisation and what of its own changed
since a cursor (the portal's sync entry point).

A partner's own (domain/definitions.py PARTNER_OWN): its organisation, its units, and the
trainers, bases, courses, agreements and training outcomes linked to one of them. A node has
changed when it, or a relationship linking it to the organisation or a unit, was written
after the cursor; the changes come oldest first, and the answer's cursor is the last one
returned, so a portal that passes it back misses nothing and sees nothing twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.domain import Property, Scalar
from ecosystem.domain.definitions import PARTNER_OWN
from ecosystem.graph.compiler import answers, cursor
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root, SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.viewer import Viewer
from ecosystem.graph.compiler.vocabulary import (
    AnyNodeRef,
    Computed,
    EnumSpec,
    InputSpec,
    Leaf,
    ListOf,
    NodeRef,
    Obj,
)
from ecosystem.limits import Bounds

ORDER = (
    SortKey(Property("changedAt", Scalar.DATETIME, required=True)),
    SortKey(Property("id", Scalar.ID, required=True)),
)
PAGE = Bounds(default=100, minimum=1, maximum=500)
ORGANISATION = "viewerOrganisation"
CHANGED = "viewerChanged"
LINKS = "|".join(sorted({t for types in PARTNER_OWN.values() for t in types}))
OWN = " OR ".join(
    f"(n:{label} AND type(r) IN [{', '.join(repr(t) for t in types)}])"
    for label, types in PARTNER_OWN.items()
)
# Every own node once, with the last time it or its link to the organisation was written.
CHANGES = (
    f"CALL ({ORGANISATION}) {{{{ MATCH (u:Organisation)-[:PART_OF*0..]->({ORGANISATION}) "
    "CALL (u) {{ RETURN u AS n, u.updatedAt AS at UNION "
    f"MATCH (u)-[r:{LINKS}]-(n) WHERE {OWN} "
    "RETURN n, CASE WHEN r.updatedAt > n.updatedAt THEN r.updatedAt ELSE n.updatedAt END AS at }} "
    "WITH n, max(at) AS at "
    "WHERE {sinceAt} IS NULL OR at > {sinceAt} OR (at = {sinceAt} AND n.id > {sinceId}) "
    "WITH n, at ORDER BY at, n.id LIMIT {first} + 1 "
    f"RETURN collect({{{{node: n, at: at}}}}) AS {CHANGED} }}}}"
)
LAST = f"{CHANGED}[..{{first}}][-1]"


def next_cursor(value: Any) -> str | None:
    """The cursor to pass back: the last change returned, else the one passed in."""
    if value is None or isinstance(value, str):
        return value
    return cursor.encode(ORDER, value)


CHANGE = Obj(
    "ViewerChange",
    {
        "node": AnyNodeRef("{item}.node", "The node, as it is now."),
        "changedAt": Leaf(
            "toString({item}.at)",
            "datetime.datetime",
            "When it, or its link to the organisation, was last written.",
        ),
    },
    "One of the partner's own nodes that changed.",
)
CHANGES_SPEC = Obj(
    "ViewerChanges",
    {
        "nodes": ListOf(f"{CHANGED}[..{{first}}]", "item", CHANGE, "Oldest change first."),
        "cursor": Computed(
            f"CASE WHEN size({CHANGED}) = 0 THEN {{after}} "
            f"ELSE [toString({LAST}.at), {LAST}.node.id] END",
            "str | None",
            next_cursor,
            "Pass it back as `changedSince` to get what changes after these.",
        ),
        "hasMore": Leaf(
            f"size({CHANGED}) > {{first}}", "bool", "More changes wait: ask again with `cursor`."
        ),
    },
    "What of the partner's own changed since the cursor.",
)
VIEWER = Obj(
    "Viewer",
    {
        "role": Leaf(
            "{role}",
            "str",
            "The caller's role: anonymous, researcher, partner, secretariat or admin.",
        ),
        "name": Leaf("{who}", "str", "The API key's name (`anonymous` without a key)."),
        "organisation": NodeRef(
            "Organisation",
            ORGANISATION,
            "A partner's own organisation (its units, trainers, bases, courses, agreements and "
            "training outcomes are its fields); null for other callers.",
            nullable=True,
        ),
        "message": Leaf(
            f"CASE WHEN {ORGANISATION} IS NULL THEN {{message}} END",
            "str | None",
            "Why there is no organisation, when there is none (in English; `reason` is the "
            "code to translate).",
        ),
        "reason": Leaf(
            f"CASE WHEN {ORGANISATION} IS NULL THEN {{reason}} END",
            "ViewerReason | None",
            "Why there is no organisation, as a code; null when there is one.",
        ),
        "changes": CHANGES_SPEC,
    },
    "Who is asking, and a partner's own organisation.",
)


REASON = EnumSpec.described(
    "ViewerReason",
    "Why `viewer` names no organisation.",
    {
        "NO_KEY": "The request has no API key (public reads are on).",
        "NOT_A_PARTNER": "The key is not a partner's: no organisation is bound to it.",
        "ORGANISATION_GONE": "The partner's organisation is no longer in the graph.",
    },
)


def reason(viewer: Viewer) -> tuple[str, str]:
    """Why the viewer names no organisation: the code, and the message."""
    if viewer.role == "partner":
        gone = "this key's organisation is no longer in the graph; ask the secretariat"
        return "ORGANISATION_GONE", gone
    if viewer.role == "anonymous":
        return "NO_KEY", "no API key: only a partner's key names an organisation"
    return (
        "NOT_A_PARTNER",
        f"a {viewer.role} key belongs to no organisation; only a partner's key names one",
    )


class ViewerQuestion:
    name: str = "viewer"
    description: str = (
        "Who is asking; for a partner's key, its own organisation (with its units, trainers, "
        "bases, courses, agreements and training outcomes) and what of its own changed since "
        "a cursor: the portal's sync entry point."
    )
    arguments: Mapping[str, str] = {
        "changed_since": "str | None",
        "first": "int | None",
    }
    argument_descriptions: Mapping[str, str] = {
        "changed_since": "The `changes.cursor` of an earlier answer; unset: from the beginning.",
        "first": f"The most changed nodes in one answer ({PAGE.minimum}–{PAGE.maximum}, "
        f"default {PAGE.default}).",
    }
    returns: str = "Viewer"
    answer: Sequence[Obj] = (VIEWER, CHANGES_SPEC, CHANGE)
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = (REASON,)
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        viewer, args = build.viewer, field.arguments
        code, text = reason(viewer)
        since = self._since(args.get("changedSince"))
        organisation = viewer.organisation if viewer.role == "partner" else None
        parts = [f"OPTIONAL MATCH ({ORGANISATION}:Organisation {{{{id: {{org}}}}}})"]
        kept = ORGANISATION
        if any(child.name == "changes" for child in field.children):
            parts.append(CHANGES)
            kept += f", {CHANGED}"
        values = {
            "org": organisation,
            "role": viewer.role,
            "who": viewer.name,
            "message": text,
            "reason": code,
            "first": build.first(args, (self.name,), PAGE),
            "after": args.get("changedSince"),
            "sinceAt": since[0],
            "sinceId": since[1],
        }
        prelude = Cypher(f"{' '.join(parts)} WITH {kept}")
        return Ask(answers.entry(build, VIEWER, field, (self.name,)), prelude, values)

    def _since(self, given: str | None) -> tuple[Any, Any]:
        if given is None:
            return None, None
        at, raw = cursor.argument(ORDER, given, (self.name, "changedSince"), "a changes.cursor")
        return at, raw
