"""Collaboration channels as Cypher: each a pattern from one organisation to another through
the object they share (domain/definitions.py `Channel`)."""

from __future__ import annotations

from collections.abc import Iterable

from ecosystem.domain.definitions import DEFAULT_WEIGHTS, Channel
from ecosystem.graph import derived
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
        "MATCH ({a})-[m1:MEMBER_OF]->(x:Organisation)<-[m2:MEMBER_OF]-({b}:Organisation) "
        f"WHERE {current('m1')} AND {current('m2')}",
}  # fmt: skip


def links(channels: Iterable[Channel], a: str, b: str, among: str) -> str:
    """A template: a UNION of one branch per channel, each returning `b, channel, x` for
    every object `x` linking the bound organisation `a` to an organisation `b` in the list
    `among`; UNION keeps each row once. Membership's object, an alliance, has up to 60,000
    members at scale 500: its branch binds each `b` first, so the alliance is reached from
    both ends and its members are never read (the other objects have few organisations
    each, and are reached from `a`)."""
    branches = []
    for channel in channels:
        pattern = PATTERNS[channel].replace("{a}", a).replace("{b}", b)
        if channel is Channel.COMMON_MEMBERSHIP:
            pattern = f"UNWIND {among} AS {b} {pattern}"
        else:
            pattern += f"{' AND ' if ' WHERE ' in pattern else ' WHERE '}{b} IN {among}"
        branches.append(f"{pattern} RETURN {b}, '{channel.value}' AS channel, x")
    return " UNION ".join(branches)


def counted(relationship: str, channels: Iterable[Channel]) -> str:
    """Cypher: the links of `channels` a derived COLLABORATES (or UNITS_OVERLAP) relationship
    counts, each on the question's day, summed."""
    return " + ".join(derived.reading.channel(relationship, c) for c in channels) or "0"


def collaborating_pair(relationship: str, channels: Iterable[Channel]) -> str:
    """Cypher: the derived relationship links its two organisations through `channels` on
    the question's day. Channels that are not dated are a plain count, tested first, so most
    pairs never read a timeline."""
    listed = sorted(channels, key=lambda c: c in derived.DATED_CHANNELS)
    return "(" + " OR ".join(f"{counted(relationship, [c])} > 0" for c in listed) + ")"


def strength(relationship: str, channels: Iterable[Channel]) -> str:
    """Cypher: the weighted sum of a derived relationship's links (`{weights}` by channel)."""
    return (
        " + ".join(
            f"{{weights}}['{c.value}'] * {derived.reading.channel(relationship, c)}"
            for c in channels
        )
        or "0"
    )


def weights(requested: Iterable[dict[str, object]] | None) -> dict[str, float]:
    """The default weights, overridden by a caller's `[{channel, weight}]`."""
    chosen = {c.value: w for c, w in DEFAULT_WEIGHTS.items()}
    for item in requested or ():
        chosen[str(item["channel"])] = float(item["weight"])  # type: ignore[arg-type]
    return chosen
