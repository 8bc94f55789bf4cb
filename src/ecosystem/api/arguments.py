"""What the arguments that recur across the schema mean, said once.

Keyed by the GraphQL name, as clients read it. A field may say more about its own arguments
(a question's `argument_descriptions`, a mutation's ids naming their type); every other field
with an argument of one of these names gets these words.
"""

from __future__ import annotations

from collections.abc import Mapping

from strawberry.utils.str_converters import to_camel_case

from ecosystem.limits import Limits

SHARED: Mapping[str, str] = {
    "first": "How many items to return at most (the server's default when unset; more than its "
    "maximum is BAD_INPUT).",
    "after": "Continue after this cursor: the `endCursor`, or an edge's `cursor`, of a page read "
    "with the same `where` and `orderBy`. Unset: the first page.",
    "where": "Only what meets every condition given.",
    "orderBy": "Sort keys, most significant first, each naming one field; the id breaks ties, so "
    "pages never overlap or skip.",
    "asOf": "The day asked about (default today): it decides which affiliations, memberships and "
    "credentials count.",
    "includeSample": "Whether the generated sample data (`source: synthetic`) counts; unset: the "
    "service's default (ECOSYSTEM_INCLUDE_SAMPLE, true unless set).",
    "id": "A global id, such as `Organisation:…`.",
    "ids": f"Global ids, at most {Limits().lookup_ids}.",
    "expectedVersion": "The `version` you last read: if it has changed since, nothing is written "
    "and the answer is CONFLICT. Unset: no check.",
    "detach": "Also delete its relationships; without it, a node that still has any is not "
    "deleted (CONFLICT).",
    "input": "The properties to write.",
    "onMatch": "What to do when a node with the same natural key exists (default UPDATE).",
    "text": "Words to look for in names, Chinese or English; matched as typed (no search "
    "syntax). Nodes matching more of them rank higher.",
    "kinds": "Only nodes of these kinds (default: every kind).",
    "weights": "Weights that replace channels' defaults (each channel's description gives its "
    "own); a weight is at least 0.",
}


def description(name: str, own: Mapping[str, str]) -> str | None:
    """What argument `name` (its Python name) means: the field's own words, else the shared."""
    return own.get(name) or SHARED.get(to_camel_case(name))
