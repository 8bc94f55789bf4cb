"""Synthetic courses: bilingual titles from the vocabulary's subjects, most co-developed.

A course's code carries the year its development began: the lead began on a day of that year
(DEVELOPED_BY `since`), its partners the same day or within half a year after.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ecosystem.seeding.records import Key, NodeRecord
from ecosystem.seeding.sample import marking, topics
from ecosystem.seeding.sample.builder import AS_OF, Builder
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
FIRST_YEAR = 2019  # courses' codes and development run from this year to AS_OF's
PARTNERS_JOIN = timedelta(days=180)  # partners join the lead within this


@dataclass(frozen=True)
class Offered:
    """A course as the later parts of a copy need it."""

    record: NodeRecord
    developers: tuple[Org, ...]  # the lead first
    professions: tuple[NodeRecord, ...]
    since: date  # the day its development began

    @property
    def lead(self) -> Org:
        return self.developers[0]


@dataclass
class Courses:
    """The courses of one copy, by developer and by the profession they prepare for."""

    by_org: dict[Key, list[NodeRecord]] = field(default_factory=lambda: defaultdict(list))
    by_profession: dict[str, list[NodeRecord]] = field(default_factory=lambda: defaultdict(list))
    by_key: dict[Key, Offered] = field(default_factory=dict)  # every course, in order


def generate(
    b: Builder, world: World, orgs: Orgs, standards: dict[str, list[NodeRecord]]
) -> Courses:
    """Courses with their developers, professions and aligned standards (`standards` are the
    published ones by profession name)."""
    courses = Courses()
    for number in range(1, COURSES + 1):
        professions, subject = _subject(b, world)
        year = b.rng.randint(FIRST_YEAR, AS_OF.year)
        course = _course(b, number, year, subject, topics.of_course(subject, professions))
        developers = _developers(b, orgs)
        since = _develop(b, course, developers, year)
        courses.by_key[course.key] = Offered(course, tuple(developers), tuple(professions), since)
        for org in developers:
            courses.by_org[org.key].append(course)
        for profession in professions:
            b.link("PREPARES_FOR", course, profession)
            courses.by_profession[str(profession.props["name"])].append(course)
        aligned = {s.key: s for p in professions for s in standards.get(str(p.props["name"]), [])}
        for standard in b.some(list(aligned.values()), 0, 2):
            b.link("ALIGNS_WITH", course, standard)
    return courses


def _subject(b: Builder, world: World) -> tuple[list[NodeRecord], Pair]:
    """The professions a course prepares for, and its subject."""
    if b.chance(0.15):
        return b.some(world.professions, 2, 3), b.pick(GENERAL_TOPICS)
    profession = b.pick(world.professions)
    return [profession], b.pick(world.trade(profession).topics)


def _course(b: Builder, number: int, year: int, subject: Pair, about: list[str]) -> NodeRecord:
    variant, variant_zh = b.pick(COURSE_VARIANTS)
    hours = b.pick(HOURS)
    online = "online" in variant
    mode = "ONLINE" if online else b.weighted(MODES)
    return b.node(
        "Course",
        code=f"{marking.CODE}-C{b.copy}-{year}-{number:03d}",
        title=variant.format(subject[0]),
        titleZh=variant_zh.format(subject[1]),
        mode=mode,
        hours=hours,
        credits=max(0.5, round(hours / 8) / 2),  # credit bank: about 16 hours a credit
        topics=about,
    )


def _develop(b: Builder, course: NodeRecord, developers: list[Org], year: int) -> date:
    """DEVELOPED_BY links, from a day of `year` on; returns the day the lead began."""
    lead, *partners = developers
    since = b.day(date(year, 1, 1), min(date(year, 12, 31), AS_OF))
    b.link("DEVELOPED_BY", course, lead.record, role="LEAD", since=since)
    for partner in partners:
        joined = b.day(since, min(since + PARTNERS_JOIN, AS_OF))
        b.link("DEVELOPED_BY", course, partner.record, role="PARTNER", since=joined)
    return since


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
