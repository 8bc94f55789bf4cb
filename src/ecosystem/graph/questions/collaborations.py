"""`collaborations`: every organisation linked to this one, through which channels, how strongly.

Strength = the sum over links of the channel's weight (domain/definitions.py DEFAULT_WEIGHTS,
overridable per request). With `includeUnits` (the default) the organisation's units
(PART_OF, at any depth) count as itself: the 2023 agreement was signed by a ministry's
department and a university's centre, and still links the ministry and the university.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecosystem.domain.definitions import CHANNEL_FACTS, DEFAULT_WEIGHTS, Channel
from ecosystem.graph import derived, ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import (
    AnyNodeRef,
    EnumSpec,
    InputSpec,
    Leaf,
    ListOf,
    NodeRef,
    Obj,
)
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import SAMPLE_ARGUMENT, as_of, current, real
from ecosystem.graph.questions.channels import links, weights
from ecosystem.limits import Limits

CHANNEL = EnumSpec.described(
    "CollaborationChannel",
    "How two organisations collaborate: each a shared fact, with the object that carries it.",
    {c.value: f"{CHANNEL_FACTS[c]} Default weight {DEFAULT_WEIGHTS[c]:g}." for c in Channel},
)
FIRST = Limits().collaborations  # fixed, not a setting: the description can say it
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


def ranked(
    channels: Sequence[Channel], units: bool, others: str = "true", co_members: bool = True
) -> str:
    """The other organisations `{other}` with their `strength`, strongest first, from the
    derived COLLABORATES relationships of `{selves}`; with units, an object two of them share
    with the other is counted once (the UNITS_OVERLAP correction of `{me}`, summed with them
    as one more branch: looked up per other organisation instead, it cost a dense hub an
    expansion for each of its 58,000 co-members at scale 500). Alliance membership is not
    derived (contributions.py): counted here from MEMBER_OF, when asked: with `co_members`
    for every co-member of `{selves}`' alliances, else only for the organisations the pairs
    found that can still reach the page (`_members_for_the_page`; `first_of` says when that
    is enough). `others` is a condition every other organisation meets."""
    derived_ = [c for c in channels if c is not Channel.COMMON_MEMBERSHIP]
    named = [(channel, f"n{i}") for i, channel in enumerate(derived_)]
    summed = "".join(f", sum({derived.reading.channel('{c}', ch)}) AS {n}" for ch, n in named)
    weighed = [f"{{weights}}['{ch.value}'] * {n}" for ch, n in named]
    counts = [n for _, n in named]
    found = (
        "MATCH ({self})-[{c}:COLLABORATES]-({other}:Organisation) WHERE NOT {other} IN {selves} "
        f"AND {others} RETURN {{other}}, {{c}}, null AS {{alliance}}"
    )
    if units:
        found += (
            " UNION ALL MATCH ({self})-[{c}:UNITS_OVERLAP]->({other}:Organisation) "
            "WHERE {self} = {me} AND NOT {other} IN {selves} "
            f"AND {others} RETURN {{other}}, {{c}}, null AS {{alliance}}"
        )
    membership = Channel.COMMON_MEMBERSHIP in channels
    if membership and co_members:
        found += (
            " UNION ALL MATCH ({self})-[{m1}:MEMBER_OF]->({alliance}:Organisation)"
            "<-[{m2}:MEMBER_OF]-({other}:Organisation) WHERE NOT {other} IN {selves} "
            f"AND {current('{m1}')} AND {current('{m2}')} "
            f"AND {others} RETURN {{other}}, null AS {{c}}, {{alliance}}"
        )
        summed += ", count(DISTINCT {alliance}) AS member"
    imported = "{self}, {selves}, {me}" if units else "{self}, {selves}"
    head = (
        f"UNWIND {{selves}} AS {{self}} CALL ({imported}) {{{{ {found} }}}} WITH {{other}}{summed} "
    )
    if membership and not co_members:
        return head + _members_for_the_page(" + ".join(weighed), " + ".join(counts))
    if membership:
        weighed.append(f"{MEMBER_WEIGHT} * member")
        counts.append("member")
    return (
        f"{head}WITH {{other}}, {' + '.join(weighed) or '0'} AS strength "
        f"WHERE {' + '.join(counts) or '0'} > 0 "
        "ORDER BY strength DESC, {other}.name, {other}.id"
    )


MEMBER_WEIGHT = f"{{weights}}['{Channel.COMMON_MEMBERSHIP.value}']"
SHARED_ALLIANCES = (  # how many of `{selves}`' alliances `{other}` is a current member of
    "size([{alliance} IN {alliances} WHERE EXISTS {{ ({other})-[{m2}:MEMBER_OF]->({alliance}) "
    "WHERE " + current("{m2}") + " }}])"
)


def _members_for_the_page(paired: str, linked: str) -> str:
    """Membership counted only where it can change the page: membership adds at most its
    weight × `{alliances}` to an organisation's strength from the pairs (`paired`), and the
    `{first}`-th strongest by the pairs alone (`{floor}`) is at most the page's last strength,
    so an organisation below the floor by more than that bound cannot enter the page. The
    pairs are ranked, the bound cuts the ranking (a prefix, at scale 500: the hub's 13,700
    become about 60), membership is counted for those left. Strengths are summed in the same
    order as `ranked`'s, so they are the same numbers."""
    paired, linked = paired or "0", linked or "0"
    bound = f"{MEMBER_WEIGHT} * size({{alliances}})"
    return (
        f"WITH {{other}}, {paired} AS paired, {linked} AS linked ORDER BY paired DESC "
        "WITH collect([{other}, paired, linked]) AS {rows} "
        "WITH {rows}, CASE WHEN size({rows}) < {first} THEN null "
        "ELSE {rows}[{first} - 1][1] END AS {floor} "
        "UNWIND [{row} IN {rows} WHERE {floor} IS NULL OR "
        f"{{row}}[1] + {bound} >= {{floor}}] AS {{row}} "
        "WITH {row}[0] AS {other}, {row}[1] AS paired, {row}[2] AS linked "
        f"WITH {{other}}, paired, linked, {SHARED_ALLIANCES} AS member "
        f"WITH {{other}}, paired + {MEMBER_WEIGHT} * member AS strength "
        "WHERE linked + member > 0 ORDER BY strength DESC, {other}.name, {other}.id"
    )


# The alliances `{selves}` are current members of (membership counts each shared one).
ALLIANCES = (
    "COLLECT {{ UNWIND {selves} AS {self} MATCH ({self})-[{m1}:MEMBER_OF]->"
    "({alliance}:Organisation) WHERE " + current("{m1}") + " RETURN DISTINCT {alliance} }}"
)


# Whether `{alliance}` is wide: walking every organisation in name order meets one of its
# members every organisations / members steps, so `{first}` of them in fewer steps than it
# has members when members² > first × organisations. Neo4j keeps both counts (a node's
# degree, a label's count): deciding reads nothing.
_WIDE = (
    "COUNT {{ ({alliance})<-[:MEMBER_OF]-() }} ^ 2 > {first} * COUNT {{ MATCH (:Organisation) }}"
)


def _named_co_members(others: str, applies: str) -> str:
    """Cypher binding `{named}` and `{namedStrengths}`, the page when `applies`: `{selves}`
    are members of one alliance and the pairs' page `{top}` may leave room for co-members.
    Every co-member outside the pairs is then exactly as strong as membership's weight, so
    among them names decide and only the first `{first}` by name can reach the page; they join
    `{top}` and the two are ranked together. `_first_by_name` finds them."""
    return (
        "WITH {top}, {topStrengths}, COLLECT {{ "
        f"UNWIND CASE WHEN {applies} THEN {{alliances}} ELSE [] END AS {{alliance}} "
        f"WITH {{alliance}}, {{selves}}, {_WIDE} AS {{wide}} "
        "CALL ({alliance}, {selves}, {wide}) {{ " + _first_by_name(others) + " }} "
        "RETURN {other} }} AS {byName} "
        "UNWIND [i IN range(0, size({top}) - 1) | [{top}[i], {topStrengths}[i]]] + "
        f"[o IN {{byName}} | [o, {MEMBER_WEIGHT}]] AS {{row}} "
        "WITH {row}[0] AS {other}, {row}[1] AS strength "
        "ORDER BY strength DESC, {other}.name, {other}.id LIMIT {first} "
        "RETURN collect({other}) AS {named}, collect(strength) AS {namedStrengths}"
    )


def _first_by_name(others: str) -> str:
    """`{other}`: the first `{first}` current members of `{alliance}` by name that are not
    among `{selves}` or their pairs. For a wide alliance (`{wide}`), read in the name index's
    order until enough are found: about 170 index entries for the 60,000 members of the
    alliance at scale 500, where ranking every member cost a small organisation 300–500 ms.
    For a narrow one, from its members."""
    outside = (
        f"NOT {{other}} IN {{selves}} AND {others} "
        "AND NOT EXISTS {{ ({other})-[:COLLABORATES]-({mine}) WHERE {mine} IN {selves} }}"
    )
    return (  # the walk in a subquery of its own: the `wide` test first, the index's order kept
        "WITH {alliance}, {selves}, {wide} WHERE {wide} CALL ({alliance}, {selves}) {{ "
        "MATCH ({other}:Organisation) WHERE {other}.name >= '' "
        "AND EXISTS {{ ({other})-[{m2}:MEMBER_OF]->({alliance}) WHERE "
        + current("{m2}")
        + " }} AND "
        + outside
        + " RETURN {other} ORDER BY {other}.name, {other}.id LIMIT {first} }} RETURN {other} "
        "UNION MATCH ({alliance})<-[{m2}:MEMBER_OF]-({other}:Organisation) "
        f"WHERE NOT {{wide}} AND {current('{m2}')} AND {outside} "
        "RETURN DISTINCT {other} ORDER BY {other}.name, {other}.id LIMIT {first}"
    )


def first_of(channels: Sequence[Channel], units: bool, others: str) -> str:
    """Cypher binding `{others}` and `{strengths}`: the first `{first}` collaborators. An
    organisation linked only by membership is at most as strong as membership's weight times
    the alliances shared; when the pairs alone fill the page with collaborators stronger
    than that, no co-member can enter it, and the co-members (58,000 of the hub's alliance at
    scale 500) are not read. Otherwise, with one alliance (or none), the first co-members by
    name complete the page (`_named_co_members`); with more, a co-member of two outranks one
    of one whatever its name, and every one is ranked."""
    if Channel.COMMON_MEMBERSHIP not in channels:
        return (
            f"{ranked(channels, units, others)} LIMIT {{first}} "
            "WITH collect({other}) AS {others}, collect(strength) AS {strengths} "
        )
    bound = f"{MEMBER_WEIGHT} * size({{alliances}})"
    enough = f"size({{top}}) = {{first}} AND {{topStrengths}}[-1] > {bound}"
    one = "size({alliances}) <= 1"
    return (
        f"WITH {{me}}, {{selves}}, {ALLIANCES} AS {{alliances}} "
        "CALL ({me}, {selves}, {alliances}) {{ "
        + ranked(channels, units, others, co_members=False)
        + " LIMIT {first} RETURN collect({other}) AS {top}, collect(strength) AS {topStrengths} }} "
        "CALL ({selves}, {top}, {topStrengths}, {alliances}) {{ "
        + _named_co_members(others, f"NOT ({enough}) AND {one}")
        + " }} CALL ({me}, {selves}, {top}, {topStrengths}, {alliances}) {{ "
        f"UNWIND CASE WHEN {enough} OR {one} THEN [] ELSE [1] END AS {{everyone}} "
        + ranked(channels, units, others)
        + " LIMIT {first} RETURN collect({other}) AS {all}, collect(strength) AS {allStrengths} }} "
        f"WITH {{selves}}, CASE WHEN {enough} THEN [{{top}}, {{topStrengths}}] "
        f"WHEN {one} THEN [{{named}}, {{namedStrengths}}] "
        "ELSE [{all}, {allStrengths}] END AS {chosen} "
        "WITH {selves}, {chosen}[0] AS {others}, {chosen}[1] AS {strengths} "
    )


class Collaborations:
    name: str = "collaborations"
    description: str = (
        "Every other organisation linked to this one, with each channel and the object that "
        "carries it, strongest first."
    )
    arguments: Mapping[str, str] = {
        "organisation_id": "strawberry.ID", "channels": "list[CollaborationChannel] | None",
        "weights": "list[ChannelWeight] | None", "include_units": "bool | None",
        "as_of": "datetime.date | None", "first": "int | None", **SAMPLE_ARGUMENT,
    }  # fmt: skip
    argument_descriptions: Mapping[str, str] = {
        "organisation_id": "Global id of the organisation whose collaborators to list.",
        "channels": "Only links through these channels (default: every channel).",
        "include_units": "Whether the organisation's units (PART_OF, at any depth) count as "
        "itself (default true).",
        "first": f"At most this many collaborators, strongest first (default {FIRST.default}, "
        f"at most {FIRST.maximum}).",
    }
    returns: str = "list[Collaboration]"
    answer: Sequence[Obj] = (COLLABORATION, LINK)
    inputs: Sequence[InputSpec] = (WEIGHT,)
    enums: Sequence[EnumSpec] = (CHANNEL,)
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        args, path = field.arguments, (self.name,)
        raw = ids.raw(args["organisationId"], "Organisation", (self.name, "organisationId"))
        first = build.first(args, path, build.limits.collaborations)
        units = args.get("includeUnits") is not False
        selves = " + COLLECT {{ MATCH (unit:Organisation)-[:PART_OF*1..]->({me}) RETURN unit }}"
        channels = channels_of(args.get("channels"))
        others = "true" if build.sample_included(args) else real("other")
        prelude = Cypher(
            "OPTIONAL MATCH ({me}:Organisation {{id: {organisation}}}) "
            "WITH {me}, CASE WHEN {me} IS NULL THEN [] ELSE [{me}]"
            + (selves if units else "")
            + " END AS {selves} "
            "CALL ({me}, {selves}) {{ "
            + first_of(channels, units, others)
            +
            # The page's links in one pass for all its collaborators (found one by one, the
            # same objects were read again for each), over the objects of whichever side
            # reaches fewer: the organisation (and each unit) or the page (channels.links).
            "CALL ({selves}, {others}) {{ UNWIND {selves} AS {self} CALL ({self}, {others}) {{ "
            + links(channels, "{self}", "{other}", "{others}")
            + " }} WITH DISTINCT {other}, channel, x ORDER BY channel, x.name, x.title, x.id "
            "WITH {other}, collect({{channel: channel, via: x}}) AS links "
            "RETURN collect([{other}, links]) AS {linked} }} "
            "RETURN [i IN range(0, size({others}) - 1) | {{organisation: {others}[i], "
            "strength: {strengths}[i], links: coalesce(head([l IN {linked} "
            "WHERE l[0] = {others}[i] | l[1]]), [])}}] AS rows }}",
            {"organisation": raw, "weights": checked_weights(field, self.name), "first": first},
        )
        return Ask(
            answers.entry(build, ListOf("rows", "c", COLLABORATION), field, path),
            prelude=prelude,
            values={"today": as_of(args)},
            exists=Cypher("{me} IS NOT NULL"),
            missing=("no organisation has this id", (self.name, "organisationId")),
        )
