"""`collaborations`: every organisation linked to this one, through which channels, how strongly.

Strength = the sum over links of the channel's weight (domain/definitions.py DEFAULT_WEIGHTS,
overridable per request). With `includeUnits` (the default) the organisation's units
(PART_OF, at any depth) count as itself: the 2023 agreement was signed by a ministry's
department and a university's centre, and still links the ministry and the university.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecosystem.domain.definitions import Channel
from ecosystem.graph import ids
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.shapes import (
    AnyNodeRef,
    Leaf,
    ListOf,
    NodeRef,
    Obj,
    Required,
    Shape,
    ShapeRenderer,
)
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import EnumSpec, InputSpec, as_of
from ecosystem.graph.questions.channels import union, weights

CHANNEL = EnumSpec("CollaborationChannel", tuple(c.value for c in Channel),
                   "How two organisations collaborate: each a shared fact.")  # fmt: skip
WEIGHT = InputSpec("ChannelWeight", {
    "channel": ("CollaborationChannel", "The channel."),
    "weight": ("float", "What one link through it adds to a collaboration's strength (≥ 0)."),
}, "Overrides one channel's default weight.")  # fmt: skip
LINK = Obj("CollaborationLink", {
    "channel": Leaf("{link}.channel", "CollaborationChannel", "How they are linked."),
    "via": AnyNodeRef("{link}.via", "The object that links them (course, base, standard, "
                      "agreement, trainer or alliance)."),
}, "One shared fact between two organisations.")  # fmt: skip
COLLABORATION = Obj("Collaboration", {
    "organisation": NodeRef("Organisation", "{c}.organisation", "The other organisation."),
    "strength": Leaf("{c}.strength", "float", "Sum of the links' channel weights."),
    "links": ListOf("{c}.links", "link", LINK, "Every link, by channel."),
}, "Another organisation and how it collaborates with this one.")  # fmt: skip


def channels_of(requested: Sequence[str] | None) -> list[Channel]:
    return [Channel(c) for c in requested] if requested else list(Channel)


def checked_weights(field: Field, name: str) -> dict[str, float]:
    chosen = weights(field.arguments.get("weights"))
    for index, item in enumerate(field.arguments.get("weights") or ()):
        if float(item["weight"]) < 0:
            raise BadInput("a weight cannot be negative", (name, "weights", index, "weight"),
                           "a number ≥ 0")  # fmt: skip
    return chosen


class Collaborations:
    name: str = "collaborations"
    description: str = (
        "Every other organisation linked to this one, with each channel and the object that "
        "carries it, strongest first."
    )
    arguments: Mapping[str, str] = {
        "organisation_id": "strawberry.ID", "channels": "list[CollaborationChannel] | None",
        "weights": "list[ChannelWeight] | None", "include_units": "bool | None",
        "as_of": "datetime.date | None", "first": "int | None",
    }  # fmt: skip
    returns: str = "list[Collaboration]"
    answer: Sequence[Obj] = (COLLABORATION, LINK)
    inputs: Sequence[InputSpec] = (WEIGHT,)
    enums: Sequence[EnumSpec] = (CHANNEL,)

    def compile(self, field: Field, shapes: ShapeRenderer) -> tuple[str, Shape | None]:
        args, r = field.arguments, shapes.renderer
        raw = ids.raw(args["organisationId"], "Organisation", (self.name, "organisationId"))
        first = shapes.builder.first(args, (self.name,), shapes.builder.limits.collaborations)
        me, selves, s, o = (r.variable(n) for n in ("me", "selves", "self", "other"))
        units = (
            ""
            if args.get("includeUnits") is False
            else (f" + COLLECT {{ MATCH (unit:Organisation)-[:PART_OF*1..]->({me}) RETURN unit }}")
        )
        links = union(channels_of(args.get("channels")), s, o, condition=f"NOT {o} IN {selves}",
                      today=r.param(as_of(args)), columns=o)  # fmt: skip
        answer, shape = shapes.render(ListOf("rows", "c", COLLABORATION), field, {},
                                      (self.name,))  # fmt: skip
        cypher = (
            f"OPTIONAL MATCH ({me}:Organisation {{id: {r.param(raw)}}}) "
            f"WITH {me}, CASE WHEN {me} IS NULL THEN [] ELSE [{me}]{units} END AS {selves} "
            f"CALL ({selves}) {{ UNWIND {selves} AS {s} CALL ({s}, {selves}) {{ {links} }} "
            f"WITH DISTINCT {o}, channel, x ORDER BY channel, x.name, x.title, x.id "
            f"WITH {o}, collect({{channel: channel, via: x}}) AS links, "
            f"sum({r.param(checked_weights(field, self.name))}[channel]) AS strength "
            f"ORDER BY strength DESC, {o}.name, {o}.id LIMIT {r.param(first)} "
            f"RETURN collect({{organisation: {o}, strength: strength, links: links}}) AS rows }} "
            f"RETURN CASE WHEN {me} IS NULL THEN null ELSE {answer} END AS data"
        )
        missing = Required(shape, "no organisation has this id", (self.name, "organisationId"))
        return cypher, missing
