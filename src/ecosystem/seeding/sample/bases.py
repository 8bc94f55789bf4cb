"""Synthetic practical training bases: most shared, many across the enterprise–school divide.

A quarter are used only by the member that built them; the rest have co-builders or users, the
first of them usually across the divide, so both shared and cross-sector bases exist. A base
is about its theme's topics; some are "Smart …" bases (智慧…实训基地), about digital intelligence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ecosystem.seeding.records import NodeRecord
from ecosystem.seeding.sample import topics
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
SMART = 0.12  # share of a profession's bases that are "Smart …" ones


@dataclass(frozen=True)
class Base:
    """A training base as the later parts of a copy need it."""

    record: NodeRecord
    builder: Org
    professions: tuple[NodeRecord, ...]
    since: date  # the day it opened


def generate(b: Builder, world: World, orgs: Orgs) -> list[Base]:
    taken: set[str] = set()
    built = []
    for _ in range(BASES):
        builder, professions, theme = _themed(b, world, orgs, taken)
        since = b.day(FIRST_BASES)
        base = b.node(
            "TrainingBase",
            name=b.marked(f"{builder.stem[0]} {theme[0]} Practical Training Base"),
            nameZh=b.marked_zh(f"{builder.stem[1]}{theme[1]}实训基地"),
            province=builder.province,
            city=builder.record.props.get("city"),
            capacity=b.rng.randrange(40, 601, 20),
            topics=topics.of_base(theme),
        )
        b.link("OPERATED_BY", base, builder.record, role="BUILDER", since=since)
        for profession in professions:
            b.link("TRAINS_FOR", base, profession)
        if not b.chance(SINGLE_USER):
            _share(b, orgs, base, builder, since)
        built.append(Base(base, builder, tuple(professions), since))
    return built


def _themed(
    b: Builder, world: World, orgs: Orgs, taken: set[str]
) -> tuple[Org, list[NodeRecord], Pair]:
    """A builder, the professions its base trains for, and a theme that gives the base a name
    no other base has."""
    while True:  # a builder rarely builds two bases with the same theme: retry when it does
        kinds = b.weighted(BUILDER_KINDS)
        builder = b.pick(orgs.of(kinds))
        if b.chance(0.1):
            professions, theme = b.some(world.professions, 2, 3), GENERAL_THEME
        else:
            profession = b.pick(world.professions)
            professions, theme = [profession], world.trade(profession).theme
            theme = topics.smart(theme) if b.chance(SMART) else theme
        name = f"{builder.stem[0]} {theme[0]}"
        if name not in taken:
            taken.add(name)
            return builder, professions, theme


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
