"""Synthetic courses: bilingual titles from the vocabulary's topics, most co-developed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ecosystem.seeding.records import Key, NodeRecord
from ecosystem.seeding.sample import marking
from ecosystem.seeding.sample.builder import Builder
from ecosystem.seeding.sample.organisations import MEMBERS, SCHOOLS, Org, Orgs
from ecosystem.seeding.sample.world import World
from ecosystem.seeding.vocabulary import COURSE_VARIANTS, GENERAL_TOPICS, Pair

COURSES = 300
HOURS = (8, 12, 16, 24, 32, 48, 64, 72, 96)
MODES = {"ONLINE": 45, "BLENDED": 35, "OFFLINE": 20}
LEAD_KINDS = {
    frozenset(SCHOOLS): 55,
    frozenset({"ENTERPRISE"}): 35,
    frozenset({"TRADE_ASSOCIATION"}): 10,
}
MEMBER_KINDS = tuple(MEMBERS)
PARTNERS = (0, 0, 1, 1, 1, 2, 2, 3)  # three in four courses are co-developed
HUB_LEADS = 0.05  # share of courses led by the sample's open university or its centre


@dataclass
class Courses:
    """The courses of one copy, by developer and by the profession they prepare for."""

    by_org: dict[Key, list[NodeRecord]] = field(default_factory=lambda: defaultdict(list))
    by_profession: dict[str, list[NodeRecord]] = field(default_factory=lambda: defaultdict(list))


def generate(
    b: Builder, world: World, orgs: Orgs, standards: dict[str, list[NodeRecord]]
) -> Courses:
    """Courses with their developers, professions and aligned standards (`standards` are the
    published ones by profession name)."""
    courses = Courses()
    for number in range(1, COURSES + 1):
        professions, topic = _subject(b, world)
        course = _course(b, number, topic)
        lead, *partners = _developers(b, orgs)
        b.link("DEVELOPED_BY", course, lead.record, role="LEAD")
        for partner in partners:
            b.link("DEVELOPED_BY", course, partner.record, role="PARTNER")
        for org in (lead, *partners):
            courses.by_org[org.key].append(course)
        for profession in professions:
            b.link("PREPARES_FOR", course, profession)
            courses.by_profession[str(profession.props["name"])].append(course)
        aligned = {s.key: s for p in professions for s in standards.get(str(p.props["name"]), [])}
        for standard in b.some(list(aligned.values()), 0, 2):
            b.link("ALIGNS_WITH", course, standard)
    return courses


def _subject(b: Builder, world: World) -> tuple[list[NodeRecord], Pair]:
    """The professions a course prepares for, and its topic."""
    if b.chance(0.15):
        return b.some(world.professions, 2, 3), b.pick(GENERAL_TOPICS)
    profession = b.pick(world.professions)
    return [profession], b.pick(world.trade(profession).topics)


def _course(b: Builder, number: int, topic: Pair) -> NodeRecord:
    variant, variant_zh = b.pick(COURSE_VARIANTS)
    hours = b.pick(HOURS)
    online = "online" in variant
    mode = "ONLINE" if online else b.weighted(MODES)
    year = b.rng.randint(2019, 2025)
    return b.node(
        "Course",
        code=f"{marking.CODE}-C{b.copy}-{year}-{number:03d}",
        title=variant.format(topic[0]),
        titleZh=variant_zh.format(topic[1]),
        mode=mode,
        hours=hours,
        credits=max(0.5, round(hours / 8) / 2),  # credit bank: about 16 hours a credit
    )


def _developers(b: Builder, orgs: Orgs) -> list[Org]:
    """The lead first, then partners, the first of them across the enterprise–school divide."""
    if orgs.hub and b.chance(HUB_LEADS):
        lead = b.pick(orgs.hub)
    else:
        kinds = b.weighted(LEAD_KINDS)
        lead = b.pick(orgs.of(kinds))
    count = b.pick(PARTNERS)
    if count == 0:
        return [lead]
    across = b.pick(orgs.opposite(lead))
    others = orgs.of(MEMBER_KINDS, exclude={lead.key, across.key})
    return [lead, across, *b.some(others, count - 1, count - 1)]
