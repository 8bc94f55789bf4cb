"""Synthetic agreements between a school and an enterprise, with their courses and terms.

Every copy has PROGRAMMES training programmes (begun in the first half of 2023, so each has
run through the years its outcomes report) and cooperation agreements of the kinds below. Their
terms (validFrom, validUntil) follow a fixed mix per copy (STATUS_MIX): on AS_OF most are in
force, some expired, some expire within a year and a few are planned; some are open-ended.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from ecosystem.seeding import names
from ecosystem.seeding.records import Key, NodeRecord, Value
from ecosystem.seeding.sample.builder import AS_OF, Builder
from ecosystem.seeding.sample.courses import Courses
from ecosystem.seeding.sample.organisations import SCHOOLS, Org, Orgs
from ecosystem.seeding.sample.world import World
from ecosystem.seeding.vocabulary import Pair

AGREEMENTS = 15
PROGRAMMES = 3  # of the AGREEMENTS, the first ones
KINDS: tuple[Pair, ...] = (
    ("School-enterprise cooperation agreement", "校企合作协议"),
    ("Reciprocal hiring agreement", "校企人员双向互聘协议"),
    ("Training base co-building agreement", "实训基地共建协议"),
    ("Course co-development agreement", "课程共建共享协议"),
    ("Credit-bank recognition agreement", "学分银行学习成果认定协议"),
)
PROGRAMME: Pair = ("Domestic-service skills training programme", "家政服务技能培训项目")
SIGNATORY_ROLES = {
    "school": ("President", "Vice president", "Dean"),
    "enterprise": ("General manager", "Chair", "Deputy general manager"),
}
FIRST_AGREEMENTS = date(2023, 1, 1)
PROGRAMMES_SIGNED = (FIRST_AGREEMENTS, date(2023, 6, 30))
SCHOOL_NAMES = {
    "VOCATIONAL_COLLEGE": "a vocational college",
    "UNIVERSITY": "a university",
    "OPEN_UNIVERSITY": "an open university",
}
# Where each agreement's term stands on AS_OF: in force (with an end more than a year away),
# expiring (within the year after AS_OF), open-ended, expired, planned.
IN_FORCE_MIX = {"in_force": 5, "expiring": 3, "open_ended": 2}
STATUS_MIX = {**IN_FORCE_MIX, "expired": 3, "planned": 2}
DAY = timedelta(days=1)
YEAR = timedelta(days=365)
# The last day an agreement of each status (but planned) may be signed.
LATEST_SIGNING = {
    "in_force": AS_OF - 30 * DAY,
    "expiring": AS_OF - 90 * DAY,
    "open_ended": AS_OF,
    "expired": date(2024, 6, 30),
}
STARTS_LATER = 0.5  # share whose term begins after the signing day (within two months)
NO_VALID_FROM = 0.15  # share of those beginning on the signing day that leave validFrom unset


@dataclass(frozen=True)
class Programme:
    """A PROGRAMME agreement as the outcomes need it."""

    record: NodeRecord
    parties: tuple[Org, Org]  # the school, the enterprise
    courses: tuple[NodeRecord, ...]  # the courses it includes


def generate(b: Builder, world: World, orgs: Orgs, courses: Courses) -> list[Programme]:
    """The agreements of a copy, the programmes first; returns the programmes."""
    signed: set[tuple[Key, Key]] = set()
    programmes = []
    for number, status in enumerate(_statuses(b)):
        programme = number < PROGRAMMES
        kind = PROGRAMME if programme else b.pick(KINDS)
        school, enterprise = parties = _parties(b, orgs, kind, signed)
        joint = [c for org in parties for c in courses.by_org.get(org.key, [])]
        least = 1 if programme or kind[0].startswith("Course") else 0
        included = list({c.key: c for c in b.some(joint, least, 3)}.values())
        window = PROGRAMMES_SIGNED if programme else (FIRST_AGREEMENTS, AS_OF)
        props = _term(b, status, *window) | (_figures(b, courses, included) if programme else {})
        agreement = _agreement(b, world, kind, parties, props)
        b.link("PARTY_TO", school.record, agreement, role="Party A")
        b.link("PARTY_TO", enterprise.record, agreement, role="Party B")
        for course in included:
            b.link("INCLUDES", agreement, course)
        if programme:
            programmes.append(Programme(agreement, parties, tuple(included)))
    return programmes


def _statuses(b: Builder) -> list[str]:
    """One status per agreement, the programmes' first (programmes are in force on AS_OF)."""
    in_force = [status for status, count in IN_FORCE_MIX.items() for _ in range(count)]
    b.rng.shuffle(in_force)
    rest = in_force[PROGRAMMES:] + [s for s in STATUS_MIX for _ in range(STATUS_MIX[s])
                                    if s not in IN_FORCE_MIX]  # fmt: skip
    b.rng.shuffle(rest)
    return in_force[:PROGRAMMES] + rest


def _parties(b: Builder, orgs: Orgs, kind: Pair, signed: set[tuple[Key, Key]]) -> tuple[Org, Org]:
    """A school and an enterprise that have signed no agreement with each other yet."""
    while True:
        credit_bank = kind[0].startswith("Credit-bank")
        school = b.pick(orgs.of({"OPEN_UNIVERSITY"} if credit_bank else SCHOOLS))
        enterprise = b.pick(orgs.opposite(school))
        if (school.key, enterprise.key) not in signed:
            signed.add((school.key, enterprise.key))
            return school, enterprise


def _term(b: Builder, status: str, first: date, last: date) -> dict[str, date | None]:
    """signedOn, validFrom and validUntil of an agreement with this status on AS_OF, signed
    between `first` and `last` (a planned one is signed in the four months before AS_OF)."""
    if status == "planned":
        begins = b.day(AS_OF + DAY, AS_OF + 150 * DAY)
        last_day = begins + b.pick((2, 3)) * YEAR - DAY
        return {"signedOn": b.day(AS_OF - 120 * DAY), "validFrom": begins, "validUntil": last_day}
    signed = b.day(first, min(last, LATEST_SIGNING[status]))
    starts = b.day(signed, min(signed + 60 * DAY, AS_OF)) if b.chance(STARTS_LATER) else signed
    ends = _ends(b, status, starts)
    unset = starts == signed and b.chance(NO_VALID_FROM)
    return {"signedOn": signed, "validFrom": None if unset else starts, "validUntil": ends}


def _ends(b: Builder, status: str, starts: date) -> date | None:
    """The last day of a term that begins on `starts` (before AS_OF) and has this status."""
    match status:
        case "in_force":
            return b.day(AS_OF + YEAR + DAY, date(2028, 12, 31))
        case "expiring":
            return b.day(max(starts + 180 * DAY, AS_OF + DAY), AS_OF + YEAR)
        case "expired":
            years = 2 if b.chance(0.3) and starts + 2 * YEAR <= AS_OF else 1
            return starts + years * YEAR - DAY
        case _:
            return None


def _figures(b: Builder, courses: Courses, included: list[NodeRecord]) -> dict[str, int | bool]:
    """A programme's figures: its training programmes and the professions they cover."""
    covered = {p.key for c in included for p in courses.by_key[c.key].professions}
    return {
        "programmes": b.rng.randint(max(2, len(included)), 8),
        "professionsCovered": len(covered),
        "freeOfCharge": b.chance(0.7),
    }


def _agreement(
    b: Builder,
    world: World,
    kind: Pair,
    parties: tuple[Org, Org],
    props: Mapping[str, Value | None],
) -> NodeRecord:
    school, enterprise = parties
    first, second = school.record.props, enterprise.record.props
    return b.node(
        "Agreement",
        title=f"{kind[0]}: {first['name']} and {second['name']}",
        kind="PROGRAMME" if kind == PROGRAMME else "COOPERATION",
        titleZh=f"{first['nameZh']}与{second['nameZh']}{kind[1]}",
        **props,
        signatories=[
            _signatory(b, world, school, "school"),
            _signatory(b, world, enterprise, "enterprise"),
        ],
        summary=f"Synthetic sample: a {kind[0][0].lower()}{kind[0][1:]} between "
        f"{SCHOOL_NAMES[school.kind]} and a domestic-service enterprise.",
    )


def _signatory(b: Builder, world: World, org: Org, side: str) -> str:
    person = names.person(b.rng, world.real_person)
    name = b.marked(person.name)
    return f"{name} — {b.pick(SIGNATORY_ROLES[side])}, {org.record.props['name']}"
