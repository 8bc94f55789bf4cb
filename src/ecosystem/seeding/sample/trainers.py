"""Synthetic trainers: where they work, what they hold and what they teach.

A trainer works full time for a home organisation (a school, an enterprise, or an association
or institute) and may also be hired by an organisation across the enterprise–school divide
(reciprocal hiring), work part time or visit elsewhere, and may have left an earlier employer.
What they hold depends on where they work: school staff mostly hold teacher qualifications and
teaching titles, enterprise staff skill certificates and industry experience; reciprocal hires
are mostly dual-qualified.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import date, timedelta

from ecosystem.seeding import names
from ecosystem.seeding.records import NodeRecord
from ecosystem.seeding.sample import marking
from ecosystem.seeding.sample.builder import AS_OF, Builder
from ecosystem.seeding.sample.courses import Courses
from ecosystem.seeding.sample.organisations import MEMBERS, SCHOOLS, Org, Orgs
from ecosystem.seeding.sample.world import World

TRAINERS = 2000
HOME_KINDS = {
    frozenset(SCHOOLS): 55,
    frozenset({"ENTERPRISE"}): 38,
    frozenset({"TRADE_ASSOCIATION", "RESEARCH_INSTITUTE"}): 7,
}
TITLES = {
    "school": (
        "Lecturer",
        "Senior lecturer",
        "Associate professor",
        "Professor",
        "Practical-training instructor",
        "Head of domestic-service programme",
    ),
    "enterprise": (
        "Trainer",
        "Senior trainer",
        "Training manager",
        "Head of training",
        "Service quality supervisor",
        "Practical skills coach",
    ),
    "other": ("Researcher", "Training consultant", "Assessment expert"),
}
RECIPROCAL = 0.18  # share of school and enterprise staff hired across the divide
SKILL_LEVELS = {1: 8, 2: 20, 3: 40, 4: 22, 5: 10}
FIRST_QUALIFICATIONS = date(2005, 1, 1)


@dataclass(frozen=True)
class Odds:
    """Chances of holding each kind of credential."""

    teaching: float
    skill: float
    experience: float
    education_title: float
    industry_title: float

    def at_least(self, floor: Odds) -> Odds:
        return Odds(*(max(a, b) for a, b in zip(astuple(self), astuple(floor), strict=True)))


ODDS = {
    "school": Odds(
        teaching=0.9, skill=0.45, experience=0.15, education_title=0.75, industry_title=0.05
    ),
    "enterprise": Odds(
        teaching=0.2, skill=0.95, experience=0.55, education_title=0.02, industry_title=0.25
    ),
    "other": Odds(
        teaching=0.35, skill=0.5, experience=0.4, education_title=0.2, industry_title=0.2
    ),
}
RECIPROCAL_ODDS = Odds(
    teaching=0.8, skill=0.85, experience=0.5, education_title=0, industry_title=0.2
)


def generate(b: Builder, world: World, orgs: Orgs, courses: Courses) -> None:
    for number in range(1, TRAINERS + 1):
        kinds = b.weighted(HOME_KINDS)
        home = b.pick(orgs.of(kinds))
        sector = _sector(home)
        person = names.person(b.rng, world.real_person)
        trainer = b.node(
            "Trainer",
            name=b.marked(person.name),
            nameZh=b.marked_zh(person.name_zh),
            title=b.pick(TITLES[sector]),
            externalId=f"{marking.CODE}-T{b.copy}-{number:05d}",
            phone=names.phone(b.rng),
            email=person.email(number, b.rng),
        )
        reciprocal = sector != "other" and b.chance(RECIPROCAL)
        current = _affiliate(b, orgs, trainer, home, reciprocal)
        focus = b.some(world.professions, 1, 2)
        odds = ODDS[sector].at_least(RECIPROCAL_ODDS) if reciprocal else ODDS[sector]
        _qualify(b, world, trainer, home=home, focus=focus, odds=odds)
        _teach(b, courses, trainer, current, focus)


def _sector(org: Org) -> str:
    return "school" if org.is_school else "enterprise" if org.kind == "ENTERPRISE" else "other"


class _Career:
    """A trainer's affiliations as they are made: never two with one organisation."""

    def __init__(self, b: Builder, trainer: NodeRecord, home: Org) -> None:
        self.b, self.trainer = b, trainer
        self.current = [home]  # where the trainer works now
        self.used = {home.key}

    def another(self, candidates: list[Org]) -> Org | None:
        found = [o for o in candidates if o.key not in self.used]
        return self.b.pick(found) if found else None

    def join(self, org: Org, type_: str, since: date, until: date | None = None) -> None:
        self.b.link("AFFILIATED_WITH", self.trainer, org.record, type=type_, since=since,
                    until=until)  # fmt: skip
        self.used.add(org.key)
        if until is None or until > AS_OF:
            self.current.append(org)


def _affiliate(
    b: Builder, orgs: Orgs, trainer: NodeRecord, home: Org, reciprocal: bool
) -> list[Org]:
    """AFFILIATED_WITH links; returns the organisations the trainer works for now."""
    career = _Career(b, trainer, home)
    since = b.day(date(2006, 1, 1), date(2024, 12, 31))
    b.link("AFFILIATED_WITH", trainer, home.record, type="FULL_TIME", since=since)
    if b.chance(0.2) and (previous := career.another(orgs.of(MEMBERS, home.province))):
        left = since - timedelta(days=b.rng.randint(1, 90))
        career.join(
            previous, "FULL_TIME", b.day(date(1998, 1, 1), left - timedelta(days=365)), left
        )
    if reciprocal and (partner := career.another(orgs.opposite(home))):
        fixed_term = b.day(date(2027, 1, 1), date(2028, 12, 31)) if b.chance(0.15) else None
        career.join(partner, "RECIPROCAL_HIRE", b.day(date(2021, 1, 1)), fixed_term)
    for type_, chance, ended, pool in (
        ("PART_TIME", 0.14, 0.4, orgs.of(MEMBERS, home.province)),
        ("VISITING", 0.07, 0.6, orgs.of(SCHOOLS)),
    ):
        if b.chance(chance) and (org := career.another(pool)):
            start = b.day(date(2012, 1, 1), AS_OF - timedelta(days=120))
            until = b.day(start + timedelta(days=60), AS_OF) if b.chance(ended) else None
            career.join(org, type_, start, until)
    return career.current


def _qualify(
    b: Builder, world: World, trainer: NodeRecord, *, home: Org, focus: list[NodeRecord], odds: Odds
) -> None:
    creds = world.credentials

    def hold(credential: NodeRecord, level: int | None = None) -> None:
        b.link("HOLDS", trainer, credential, obtainedOn=b.day(FIRST_QUALIFICATIONS), level=level)

    if b.chance(odds.teaching):
        higher_only = home.kind in {"UNIVERSITY", "OPEN_UNIVERSITY"}
        hold(creds.teaching[0] if higher_only else b.pick(creds.teaching))
    if b.chance(odds.skill):
        for profession in focus:
            level = b.weighted(SKILL_LEVELS)
            hold(creds.skills[str(profession.props["name"]), level], level)
    if b.chance(odds.experience):
        hold(creds.experience.get(str(focus[0].props["name"]), creds.management))
    if b.chance(odds.education_title):
        hold(b.pick(creds.education_titles))
    if b.chance(odds.industry_title):
        hold(b.pick(creds.industry_titles))


def _teach(
    b: Builder, courses: Courses, trainer: NodeRecord, current: list[Org], focus: list[NodeRecord]
) -> None:
    """TEACHES: courses of the trainer's organisations first, then courses in their field."""
    own = [c for org in current for c in courses.by_org.get(org.key, [])]
    field = [c for p in focus for c in courses.by_profession.get(str(p.props["name"]), [])]
    chosen = {c.key: c for c in b.some(own, 1, 3)}
    for course in b.some(field, 0 if chosen else 1, 4 - len(chosen)):
        chosen.setdefault(course.key, course)
    for course in chosen.values():
        b.link("TEACHES", trainer, course)
