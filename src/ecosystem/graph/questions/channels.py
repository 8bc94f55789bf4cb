"""Collaboration channels as Cypher: each a hop from one organisation to the object it shares
with another, and back (domain/definitions.py `Channel`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ecosystem.domain.definitions import DEFAULT_WEIGHTS, Channel
from ecosystem.graph import derived
from ecosystem.graph.questions.base import current


@dataclass(frozen=True)
class Hop:
    """How an organisation reaches the object a channel's two organisations share: both ends
    reach it the same way (a course DEVELOPED_BY each, an agreement each is PARTY_TO)."""

    types: str  # relationship types, `A|B`
    label: str  # the shared object's label
    outgoing: bool = False  # the relationship starts at the organisation
    dated: bool = False  # holds from `since` to `until`: only on the question's day

    def step(self, name: str = "") -> str:
        """The hop from an organisation to the object, as a relationship pattern."""
        return f"-[{name}:{self.types}]->" if self.outgoing else f"<-[{name}:{self.types}]-"

    def back(self, name: str) -> str:
        """The hop from the object to an organisation."""
        return f"<-[{name}:{self.types}]-" if self.outgoing else f"-[{name}:{self.types}]->"

    def held(self, *names: str) -> list[str]:
        return [current(n) for n in names] if self.dated else []


# The patterns built from these are templates: `{a}` and `{b}` are the two organisations, `x`
# the shared object, `{today}` the day (left for the question's `asOf`); literal braces doubled.
HOPS: dict[Channel, Hop] = {
    Channel.CO_DEVELOPED_COURSE: Hop("DEVELOPED_BY", "Course"),
    Channel.SHARED_BASE: Hop("OPERATED_BY|USED_BY", "TrainingBase"),
    Channel.CO_DRAFTED_STANDARD: Hop("DRAFTED_BY", "Standard"),
    Channel.COMMON_AGREEMENT: Hop("PARTY_TO", "Agreement", outgoing=True),
    Channel.SHARED_TRAINER: Hop("AFFILIATED_WITH", "Trainer", dated=True),
    Channel.COMMON_MEMBERSHIP: Hop("MEMBER_OF", "Organisation", outgoing=True, dated=True),
}


def links(channels: Iterable[Channel], a: str, b: str, among: str) -> str:
    """A template: a UNION of branches returning `b, channel, x` for every object `x` linking
    the bound organisation `a` to an organisation `b` in the list `among`; UNION keeps each
    row once."""
    branches = []
    for channel in channels:
        hop, found = HOPS[channel], f" RETURN {b}, '{channel.value}' AS channel, x"
        reads = _both_ends if channel is Channel.COMMON_MEMBERSHIP else _fewer_side
        branches += [read + found for read in reads(hop, a, b, among)]
    return " UNION ".join(branches)


def _fewer_side(hop: Hop, a: str, b: str, among: str) -> list[str]:
    """Two branches, one of which reads: from `a` when it reaches fewer objects through `hop`
    than all of `among` together, else from each of `among` (the degrees Neo4j keeps decide,
    per request). At scale 500 the open university's training centre read its 3,694 courses
    for 50 collaborators on its page who develop 1,059 between them."""
    fewer = (
        f"COUNT {{{{ ({a}){hop.step()}() }}}} <= "
        f"reduce(n = 0, candidate IN {among} | n + COUNT {{{{ (candidate){hop.step()}() }}}})"
    )
    mine = f"({a}){hop.step('r1')}(x) {_where(hop.held('r1'))}".strip()
    return [
        f"WITH {a}, {among} WHERE {fewer} "
        f"MATCH ({a}){hop.step('r1')}(x:{hop.label}){hop.back('r2')}({b}:Organisation) "
        + _where([*hop.held("r1", "r2"), f"{b} IN {among}"]),
        f"WITH {a}, {among} WHERE NOT {fewer} UNWIND {among} AS {b} "
        f"MATCH ({b}){hop.step('r2')}(x:{hop.label}) "
        + _where([*hop.held("r2"), f"EXISTS {{{{ {mine} }}}}"]),
    ]


def _both_ends(hop: Hop, a: str, b: str, among: str) -> list[str]:
    """One branch binding each of `among` first, so the object is reached from both ends: an
    alliance has up to 60,000 members at scale 500, never read."""
    return [
        f"UNWIND {among} AS {b} MATCH ({a}){hop.step('r1')}(x:{hop.label}){hop.back('r2')}({b}) "
        + _where(hop.held("r1", "r2"))
    ]


def _where(conditions: list[str]) -> str:
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""


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
