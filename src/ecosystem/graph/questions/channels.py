"""Collaboration channels as Cypher: each a pattern from one organisation to another through
the object they share (domain/definitions.py `Channel`)."""

from __future__ import annotations

from collections.abc import Iterable

from ecosystem.domain.definitions import DEFAULT_WEIGHTS, Channel
from ecosystem.graph.questions.base import current

# `{a}` and `{b}` are the two organisations, `x` the shared object, `{today}` the day (a
# placeholder left for the question's `asOf`). Literal braces are doubled: these are templates.
PATTERNS: dict[Channel, str] = {
    Channel.CO_DEVELOPED_COURSE:
        "MATCH ({a})<-[:DEVELOPED_BY]-(x:Course)-[:DEVELOPED_BY]->({b}:Organisation)",
    Channel.SHARED_BASE:
        "MATCH ({a})<-[:OPERATED_BY|USED_BY]-(x:TrainingBase)-[:OPERATED_BY|USED_BY]->"
        "({b}:Organisation)",
    Channel.CO_DRAFTED_STANDARD:
        "MATCH ({a})<-[:DRAFTED_BY]-(x:Standard)-[:DRAFTED_BY]->({b}:Organisation)",
    Channel.COMMON_AGREEMENT:
        "MATCH ({a})-[:PARTY_TO]->(x:Agreement)<-[:PARTY_TO]-({b}:Organisation)",
    Channel.SHARED_TRAINER:
        "MATCH ({a})<-[r1:AFFILIATED_WITH]-(x:Trainer)-[r2:AFFILIATED_WITH]->({b}:Organisation) "
        f"WHERE {current('r1')} AND {current('r2')}",
    Channel.COMMON_MEMBERSHIP:
        "MATCH ({a})-[:MEMBER_OF]->(x:Organisation)<-[:MEMBER_OF]-({b}:Organisation)",
}  # fmt: skip


def union(channels: Iterable[Channel], a: str, b: str, *, condition: str, columns: str) -> str:
    """A template: a UNION of one branch per channel, each returning `columns, channel, x`
    where `condition` (on `a` and `b`) holds; UNION keeps each row once."""
    branches = []
    for channel in channels:
        pattern = PATTERNS[channel].replace("{a}", a).replace("{b}", b)
        joiner = " AND " if " WHERE " in pattern else " WHERE "
        branches.append(
            f"{pattern}{joiner}{condition} RETURN {columns}, '{channel.value}' AS channel, x"
        )
    return " UNION ".join(branches)


def weights(requested: Iterable[dict[str, object]] | None) -> dict[str, float]:
    """The default weights, overridden by a caller's `[{channel, weight}]`."""
    chosen = {c.value: w for c, w in DEFAULT_WEIGHTS.items()}
    for item in requested or ():
        chosen[str(item["channel"])] = float(item["weight"])  # type: ignore[arg-type]
    return chosen
