"""Synthetic cooperation agreements between a school and an enterprise, with their courses."""

from __future__ import annotations

from datetime import date

from ecosystem.seeding import names
from ecosystem.seeding.records import Key
from ecosystem.seeding.sample.builder import Builder
from ecosystem.seeding.sample.courses import Courses
from ecosystem.seeding.sample.organisations import SCHOOLS, Org, Orgs
from ecosystem.seeding.sample.world import World
from ecosystem.seeding.vocabulary import Pair

AGREEMENTS = 15
KINDS: tuple[Pair, ...] = (
    ("School-enterprise cooperation agreement", "校企合作协议"),
    ("Reciprocal hiring agreement", "校企人员双向互聘协议"),
    ("Training base co-building agreement", "实训基地共建协议"),
    ("Course co-development agreement", "课程共建共享协议"),
    ("Credit-bank recognition agreement", "学分银行学习成果认定协议"),
)
SIGNATORY_ROLES = {
    "school": ("President", "Vice president", "Dean"),
    "enterprise": ("General manager", "Chair", "Deputy general manager"),
}
FIRST_AGREEMENTS = date(2023, 1, 1)
SCHOOL_NAMES = {
    "VOCATIONAL_COLLEGE": "a vocational college",
    "UNIVERSITY": "a university",
    "OPEN_UNIVERSITY": "an open university",
}


def generate(b: Builder, world: World, orgs: Orgs, courses: Courses) -> None:
    signed: set[tuple[Key, Key]] = set()
    while len(signed) < AGREEMENTS:
        kind, kind_zh = b.pick(KINDS)
        credit_bank = kind.startswith("Credit-bank")
        school = b.pick(orgs.of({"OPEN_UNIVERSITY"} if credit_bank else SCHOOLS))
        enterprise = b.pick(orgs.opposite(school))
        if (school.key, enterprise.key) in signed:
            continue
        signed.add((school.key, enterprise.key))
        first, second = school.record.props, enterprise.record.props
        agreement = b.node(
            "Agreement",
            title=f"{kind}: {first['name']} and {second['name']}",
            kind="COOPERATION",
            titleZh=f"{first['nameZh']}与{second['nameZh']}{kind_zh}",
            signedOn=b.day(FIRST_AGREEMENTS),
            signatories=[
                _signatory(b, world, school, "school"),
                _signatory(b, world, enterprise, "enterprise"),
            ],
            summary=f"Synthetic sample: a {kind[0].lower()}{kind[1:]} between "
            f"{SCHOOL_NAMES[school.kind]} and a domestic-service enterprise.",
        )
        b.link("PARTY_TO", school.record, agreement, role="Party A")
        b.link("PARTY_TO", enterprise.record, agreement, role="Party B")
        joint = [c for org in (school, enterprise) for c in courses.by_org.get(org.key, [])]
        included = {c.key: c for c in b.some(joint, 1 if kind.startswith("Course") else 0, 3)}
        for course in included.values():
            b.link("INCLUDES", agreement, course)


def _signatory(b: Builder, world: World, org: Org, side: str) -> str:
    person = names.person(b.rng, world.real_person)
    name = b.marked(person.name)
    return f"{name} — {b.pick(SIGNATORY_ROLES[side])}, {org.record.props['name']}"
