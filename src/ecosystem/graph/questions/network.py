"""`collaborationNetwork`: the weighted organisation–organisation network, ready to draw.

An edge joins two organisations linked through at least one channel; its strength is the sum
of its links' weights, as in `collaborations`. Alliance membership links every member to
every other, so it is left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.domain.definitions import Channel
from ecosystem.graph import ids
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.shapes import Leaf, ListOf, NodeRef, Obj, Shape, ShapeRenderer
from ecosystem.graph.questions.base import EnumSpec, InputSpec, as_of
from ecosystem.graph.questions.channels import union
from ecosystem.graph.questions.collaborations import checked_weights

DEFAULT_CHANNELS = tuple(c for c in Channel if c is not Channel.COMMON_MEMBERSHIP)

COUNT = Obj("ChannelCount", {
    "channel": Leaf("{count}.channel", "CollaborationChannel"),
    "count": Leaf("{count}.count", "int", "Links through this channel."),
}, "How many links one channel carries.")  # fmt: skip
EDGE = Obj("NetworkEdge", {
    "source": Leaf("'Organisation:' + {edge}.a.id", "strawberry.ID", "One organisation's id."),
    "target": Leaf("'Organisation:' + {edge}.b.id", "strawberry.ID", "The other's id."),
    "strength": Leaf("{edge}.strength", "float", "Sum of the links' channel weights."),
    "channels": ListOf("{edge}.channels", "count", COUNT, "Links by channel."),
}, "Two organisations that collaborate.")  # fmt: skip
NODE = Obj("NetworkNode", {
    "organisation": NodeRef("Organisation", "{node}.organisation"),
    "degree": Leaf("{node}.degree", "int", "Organisations it collaborates with."),
    "strength": Leaf("{node}.strength", "float", "Sum of its edges' strengths."),
}, "An organisation in the network.")  # fmt: skip
NETWORK = Obj("CollaborationNetwork", {
    "nodes": ListOf("nodes", "node", NODE,
                    "Organisations with at least one edge, strongest first."),
    "edges": ListOf("pairs", "edge", EDGE, "Collaborating pairs, strongest first."),
}, "The weighted organisation–organisation collaboration network.")  # fmt: skip
WHERE = InputSpec("NetworkWhere", {
    "provinces": ("list[str] | None", "Both organisations in one of these provinces."),
    "kinds": ("list[OrganisationKind] | None", "Both organisations of one of these kinds."),
    "organisationIds": ("list[strawberry.ID] | None", "Both organisations among these."),
}, "Narrows the network's organisations.")  # fmt: skip


class CollaborationNetwork:
    name: str = "collaborationNetwork"
    description: str = (
        "The weighted organisation–organisation network (nodes with their organisation, edges "
        "with channels and strength). Alliance membership is left out unless `channels` names it."
    )
    arguments: Mapping[str, str] = {
        "where": "NetworkWhere | None", "channels": "list[CollaborationChannel] | None",
        "weights": "list[ChannelWeight] | None", "min_strength": "float | None",
        "as_of": "datetime.date | None",
    }  # fmt: skip
    returns: str = "CollaborationNetwork"
    answer: Sequence[Obj] = (NETWORK, NODE, EDGE, COUNT)
    inputs: Sequence[InputSpec] = (WHERE,)
    enums: Sequence[EnumSpec] = ()

    def compile(self, field: Field, shapes: ShapeRenderer) -> tuple[str, Shape | None]:
        args, r = field.arguments, shapes.renderer
        a, b = r.variable("a"), r.variable("b")
        condition = " AND ".join(
            [f"{a}.id < {b}.id", *self._where(args.get("where") or {}, a, b, shapes)]
        )
        channels = (
            [Channel(c) for c in args["channels"]] if args.get("channels") else DEFAULT_CHANNELS
        )
        links = union(channels, f"{a}:Organisation", b, condition=condition,
                      today=r.param(as_of(args)), columns=f"{a}, {b}")  # fmt: skip
        weights = r.param(checked_weights(field, self.name))
        answer, shape = shapes.render(NETWORK, field, {}, (self.name,))
        cypher = (
            f"CALL () {{ CALL () {{ {links} }} "
            f"WITH {a}, {b}, channel, count(x) AS links "
            f"WITH {a}, {b}, collect({{channel: channel, count: links}}) AS channels, "
            f"sum(links * {weights}[channel]) AS strength "
            f"WHERE strength >= {r.param(float(args.get('minStrength') or 0))} "
            f"WITH {a}, {b}, channels, strength ORDER BY strength DESC, {a}.id, {b}.id "
            f"RETURN collect({{a: {a}, b: {b}, channels: channels, strength: strength}}) "
            "AS pairs } "
            "CALL (pairs) { UNWIND pairs AS pair UNWIND [pair.a, pair.b] AS org "
            "WITH org, count(*) AS degree, sum(pair.strength) AS strength "
            "ORDER BY strength DESC, org.name, org.id "
            "RETURN collect({organisation: org, degree: degree, strength: strength}) AS nodes } "
            f"RETURN {answer} AS data"
        )
        return cypher, shape

    def _where(self, where: Mapping[str, Any], a: str, b: str, shapes: ShapeRenderer) -> list[str]:
        param = shapes.renderer.param
        found = []
        if where.get("provinces"):
            chosen = param(list(where["provinces"]))
            found.append(f"{a}.province IN {chosen} AND {b}.province IN {chosen}")
        if where.get("kinds"):
            chosen = param(list(where["kinds"]))
            found.append(f"{a}.kind IN {chosen} AND {b}.kind IN {chosen}")
        if where.get("organisationIds"):
            raw = [ids.raw(v, "Organisation", (self.name, "where", "organisationIds", i))
                   for i, v in enumerate(where["organisationIds"])]  # fmt: skip
            chosen = param(raw)
            found.append(f"{a}.id IN {chosen} AND {b}.id IN {chosen}")
        return found
