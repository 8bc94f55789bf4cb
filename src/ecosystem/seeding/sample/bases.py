"""Synthetic practical training bases: most shared, many across the enterprise–school divide.

A quarter are used only by the member that built them; the rest have co-builders or users, the
first of them usually across the divide, so both shared and cross-sector bases exist.
"""

from __future__ import annotations

from datetime import date

from ecosystem.seeding.records import NodeRecord
from ecosystem.seeding.sample.builder import Builder
from ecosystem.seeding.sample.organisations import SCHOOLS, Org, Orgs
from ecosystem.seeding.sample.world import World
from ecosystem.seeding.vocabulary import GENERAL_THEME, Pair

BASES = 80
BUILDER_KINDS = {
    frozenset(SCHOOLS): 50,
    frozenset({"ENTERPRISE"}): 40,
    frozenset({"TRADE_ASSOCIATION"}): 10,
}
SINGLE_USER = 0.25
CO_BUILDERS = (0, 0, 1, 1, 2)
USER_KINDS = (
    "ENTERPRISE",
    "VOCATIONAL_COLLEGE",
    "OPEN_UNIVERSITY",
    "UNIVERSITY",
    "TRADE_ASSOCIATION",
)
FIRST_BASES = date(2018, 1, 1)


def generate(b: Builder, world: World, orgs: Orgs) -> None:
    taken: set[str] = set()
    for _ in range(BASES):
        builder, professions, name = _named(b, world, orgs, taken)
        since = b.day(FIRST_BASES)
        base = b.node(
            "TrainingBase",
            name=b.marked(name[0]),
            nameZh=b.marked_zh(name[1]),
            province=builder.province,
            city=builder.record.props.get("city"),
            capacity=b.rng.randrange(40, 601, 20),
        )
        b.link("OPERATED_BY", base, builder.record, role="BUILDER", since=since)
        for profession in professions:
            b.link("TRAINS_FOR", base, profession)
        if not b.chance(SINGLE_USER):
            _share(b, orgs, base, builder, since)


def _named(
    b: Builder, world: World, orgs: Orgs, taken: set[str]
) -> tuple[Org, list[NodeRecord], Pair]:
    """A builder, the professions its base trains for, and a name no other base has."""
    while True:  # a builder rarely builds two bases with the same theme: retry when it does
        kinds = b.weighted(BUILDER_KINDS)
        builder = b.pick(orgs.of(kinds))
        if b.chance(0.1):
            professions, theme = b.some(world.professions, 2, 3), GENERAL_THEME
        else:
            profession = b.pick(world.professions)
            professions, theme = [profession], world.trade(profession).theme
        name = f"{builder.stem[0]} {theme[0]} Practical Training Base"
        if name not in taken:
            taken.add(name)
            return builder, professions, (name, f"{builder.stem[1]}{theme[1]}实训基地")


def _share(b: Builder, orgs: Orgs, base: NodeRecord, builder: Org, since: date) -> None:
    count = b.pick(CO_BUILDERS)
    co_builders = b.some(orgs.opposite(builder), count, count)
    for org in co_builders:
        b.link("OPERATED_BY", base, org.record, role="CO_BUILDER", since=since)
    involved = {builder.key, *(o.key for o in co_builders)}
    candidates = orgs.of(USER_KINDS, builder.province, exclude=involved)
    users = b.some(candidates, 0 if co_builders else 1, 4)
    for org in users:
        b.link("USED_BY", base, org.record, since=b.day(since))
