"""`collaborationNetwork`: the weighted organisation–organisation network, ready to draw.

An edge joins two organisations linked through at least one channel; its strength is the sum
of its links' weights, as in `collaborations`. Alliance membership links every member to
every other, so it is left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.domain.definitions import Channel
from ecosystem.graph import derived, ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import (
    EnumSpec,
    InputSpec,
    Leaf,
    ListOf,
    NodeRef,
    Obj,
    literal,
)
from ecosystem.graph.questions.base import SAMPLE_ARGUMENT, as_of, current, real
from ecosystem.graph.questions.collaborations import checked_weights

DEFAULT_CHANNELS = derived.PAIR_CHANNELS
# Nodes and edges come back in rows of this many (graph/rows.py), each encoded as it arrives:
# the whole network at scale 500 is 620,000 values, too many to hold as Python objects.
CHUNK = 1000

COUNT = Obj("ChannelCount", {
    "channel": Leaf("{count}.channel", "CollaborationChannel", "The channel."),
    "count": Leaf("{count}.count", "int", "Links through this channel."),
}, "How many links one channel carries.")  # fmt: skip
EDGE = Obj("NetworkEdge", {
    "source": Leaf("'Organisation:' + {edge}.aId", "strawberry.ID", "One organisation's id."),
    "target": Leaf("'Organisation:' + {edge}.bId", "strawberry.ID", "The other's id."),
    "strength": Leaf("{edge}.strength", "float", "Sum of the links' channel weights."),
    "channels": ListOf("{edge}.channels", "count", COUNT, "Links by channel."),
}, "Two organisations that collaborate.")  # fmt: skip
NODE = Obj("NetworkNode", {
    "organisation": NodeRef("Organisation", "{node}.organisation", "The organisation."),
    "degree": Leaf("{node}.degree", "int", "Organisations it collaborates with."),
    "strength": Leaf("{node}.strength", "float", "Sum of its edges' strengths."),
}, "An organisation in the network.")  # fmt: skip
# The organisations' degrees and strengths need every kept pair: computed only when `nodes`
# is selected, and only after the edges are on their way (compiler/cypher.py `chunked`).
NODES = literal(
    "CALL (pairs) { UNWIND pairs AS pair UNWIND [pair.a, pair.b] AS org "
    "WITH org, count(*) AS degree, sum(pair.strength) AS strength "
    "ORDER BY strength DESC, org.name, org.id "
    "RETURN collect({organisation: org, degree: degree, strength: strength}) AS nodes }"
)
NETWORK = Obj("CollaborationNetwork", {
    "nodes": ListOf("nodes", "node", NODE,
                    "Organisations with at least one edge, strongest first.", NODES),
    "edges": ListOf("pairs", "edge", EDGE, "Collaborating pairs, strongest first."),
}, "The weighted organisation–organisation collaboration network.")  # fmt: skip
WHERE = InputSpec("NetworkWhere", {
    "provinces": ("list[str] | None", "Both organisations in one of these provinces."),
    "kinds": ("list[OrganisationKind] | None", "Both organisations of one of these kinds."),
    "organisationIds": ("list[strawberry.ID] | None", "Both organisations among these."),
}, "Narrows the network's organisations.")  # fmt: skip


# Each end's id is read once, for the order, and kept for the edge's `source` and `target`:
# reading it again from the node when the edge is sent took a tenth of the whole network.
_BY_STRENGTH = (
    "WITH {a}, {b}, channels, strength, {a}.id AS aId, {b}.id AS bId "
    "ORDER BY strength DESC, aId, bId"
)


def ranked(channels: Sequence[Channel], conditions: Sequence[str]) -> str:
    """Rows of `{a}, {b}, aId, bId, channels, strength` (aId < bId: their ids), strongest
    first, for the pairs at least `{minStrength}` strong through the channels asked."""
    if Channel.COMMON_MEMBERSHIP in channels:
        return (
            "CALL () {{ " + pairs(channels, conditions) + " }} "
            "WITH {a}, {b}, collect({{channel: channel, count: links}}) AS channels, "
            "sum(links * {weights}[channel]) AS strength "
            "WHERE strength >= {minStrength} " + _BY_STRENGTH
        )
    # Without membership a pair is one derived relationship: its channels and strength are
    # read off it, with no grouping of rows by pair (a third of the whole network's time).
    where = " AND ".join(conditions)
    return (
        "MATCH ({a}:Organisation)-[{c}:COLLABORATES]->({b}:Organisation) "
        + (f"WHERE {where} " if where else "")
        + f"WITH {{a}}, {{b}}, [n IN [{_counts(channels)}] WHERE n.count > 0] AS channels "
        "WITH {a}, {b}, channels, "
        "reduce(s = 0.0, n IN channels | s + n.count * {weights}[n.channel]) AS strength "
        "WHERE size(channels) > 0 AND strength >= {minStrength} " + _BY_STRENGTH
    )


def least_links(
    weights: Mapping[str, float], channels: Sequence[Channel], min_strength: float
) -> float | None:
    """The fewest links over every channel (on its busiest day: a pair's `mostLinks`) that a
    pair at least `min_strength` strong through `channels` has, as its strength is at most
    the heaviest of their weights times its links; None when any pair may be."""
    heaviest = max((weights[c.value] for c in channels), default=0.0)
    if min_strength <= 0 or heaviest <= 0:
        return None
    # A hair below the quotient: a strength summed in floating point may round up to it.
    return min_strength / heaviest * (1 - 1e-9)


def _counts(channels: Sequence[Channel]) -> str:
    return ", ".join(
        f"{{{{channel: '{c.value}', count: {derived.reading.channel('{c}', c)}}}}}"
        for c in channels
    )


def pairs(channels: Sequence[Channel], conditions: Sequence[str]) -> str:
    """Rows of `{a}, {b}, channel, links` (a.id < b.id) for the channels asked: each pair a
    derived COLLABORATES relationship with its links per channel (graph/derived/), read and
    unwound; alliance membership, which is not derived, counted from MEMBER_OF."""
    where = " AND ".join(conditions)
    counts = ", ".join(
        f"['{c.value}', {derived.reading.channel('{c}', c)}]"
        for c in channels
        if c is not Channel.COMMON_MEMBERSHIP
    )
    return (
        "MATCH ({a}:Organisation)-[{c}:COLLABORATES]->({b}:Organisation) "
        + (f"WHERE {where} " if where else "")
        + f"UNWIND [{counts}] AS n WITH {{a}}, {{b}}, n WHERE n[1] > 0 "
        "RETURN {a}, {b}, n[0] AS channel, n[1] AS links"
        " UNION ALL MATCH ({a}:Organisation)-[m1:MEMBER_OF]->(x:Organisation)<-[m2:MEMBER_OF]-"
        "({b}:Organisation) WHERE "
        + " AND ".join(["{a}.id < {b}.id", current("m1"), current("m2"), *conditions])
        + " "
        "RETURN {a}, {b}, 'COMMON_MEMBERSHIP' AS channel, count(DISTINCT x) AS links"
    )


class CollaborationNetwork:
    name: str = "collaborationNetwork"
    description: str = (
        "The weighted organisation–organisation network (nodes with their organisation, edges "
        "with channels and strength). Alliance membership is left out unless `channels` names it."
    )
    arguments: Mapping[str, str] = {
        "where": "NetworkWhere | None", "channels": "list[CollaborationChannel] | None",
        "weights": "list[ChannelWeight] | None", "min_strength": "float | None",
        "as_of": "datetime.date | None", **SAMPLE_ARGUMENT,
    }  # fmt: skip
    argument_descriptions: Mapping[str, str] = {
        "channels": "Only links through these channels (default: every channel but "
        "COMMON_MEMBERSHIP, which would join every member of an alliance to every other).",
        "min_strength": "Only edges at least this strong (default 0).",
    }
    returns: str = "CollaborationNetwork"
    answer: Sequence[Obj] = (NETWORK, NODE, EDGE, COUNT)
    inputs: Sequence[InputSpec] = (WHERE,)
    enums: Sequence[EnumSpec] = ()
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        args = field.arguments
        conditions, values = self._where(args.get("where") or {})
        if not build.sample_included(args):
            conditions.append(f"{real('a')} AND {real('b')}")
        channels = (
            [Channel(c) for c in args["channels"]] if args.get("channels") else DEFAULT_CHANNELS
        )
        values |= {
            "weights": checked_weights(field, self.name),
            "minStrength": float(args.get("minStrength") or 0),
        }
        least = least_links(values["weights"], channels, values["minStrength"])
        if least is not None and Channel.COMMON_MEMBERSHIP not in channels:
            # Seeks the pairs with enough links in their index (migration 0018) instead of
            # reading every pair's counts: at scale 500, 224,000 read for 57,000 kept.
            conditions.append(f"{{c}}.{derived.aggregates.MOST_LINKS} >= {{leastLinks}}")
            values["leastLinks"] = least
        prelude = Cypher(
            "CALL () {{ " + ranked(channels, conditions) + " RETURN collect({{a: {a}, b: {b}, "
            "aId: aId, bId: bId, channels: channels, strength: strength}}) AS pairs }}",
            values,
        )
        answer = answers.entry(build, NETWORK, field, (self.name,))
        return Ask(answer, prelude=prelude, values={"today": as_of(args)}, chunk=CHUNK)

    def _where(self, where: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
        """Conditions on both ends `{a}` and `{b}`, and the values they name."""
        found, values = [], {}
        for arg, column in (("provinces", "province"), ("kinds", "kind")):
            if where.get(arg):
                values[arg] = list(where[arg])
                found.append(f"{{a}}.{column} IN {{{arg}}} AND {{b}}.{column} IN {{{arg}}}")
        if where.get("organisationIds"):
            values["organisationIds"] = [
                ids.raw(v, "Organisation", (self.name, "where", "organisationIds", i))
                for i, v in enumerate(where["organisationIds"])
            ]
            found.append("{a}.id IN {organisationIds} AND {b}.id IN {organisationIds}")
        return found, values
