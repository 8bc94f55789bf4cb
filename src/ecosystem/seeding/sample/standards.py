"""Synthetic standards, coded in a series of their own that no real body uses.

A sample code is a group-standard code of the invented body SAMPLE, tagged with the level it
plays: `T/SAMPLEGB 1-2024` (national), `T/SAMPLESB …` (industry), `T/SAMPLEDB32 …` (local,
with the province's division code), `T/SAMPLET …` (group), `T/SAMPLEQ …` (enterprise). Numbers
run on across copies (copy N's first is (N - 1) × STANDARDS + 1), so every code stays valid
against the API's own pattern (domain/ecosystem.py STANDARD_CODE) at any scale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from ecosystem.seeding.places import PLACES
from ecosystem.seeding.records import NodeRecord
from ecosystem.seeding.sample import marking
from ecosystem.seeding.sample.builder import AS_OF, Builder
from ecosystem.seeding.sample.organisations import Org, Orgs
from ecosystem.seeding.sample.world import World
from ecosystem.seeding.vocabulary import GENERAL_STANDARD_TITLES, STANDARD_TITLES

LEVELS = {"NATIONAL": 6, "INDUSTRY": 8, "LOCAL": 10, "GROUP": 12, "ENTERPRISE": 4}
STANDARDS = sum(LEVELS.values())
LEADS = {
    "NATIONAL": ("RESEARCH_INSTITUTE", "TRADE_ASSOCIATION"),
    "INDUSTRY": ("TRADE_ASSOCIATION", "RESEARCH_INSTITUTE"),
    "LOCAL": ("TRADE_ASSOCIATION", "VOCATIONAL_COLLEGE", "OPEN_UNIVERSITY"),
    "GROUP": ("TRADE_ASSOCIATION",),
    "ENTERPRISE": ("ENTERPRISE",),
}
PARTICIPANTS = (
    "ENTERPRISE",
    "VOCATIONAL_COLLEGE",
    "OPEN_UNIVERSITY",
    "UNIVERSITY",
    "RESEARCH_INSTITUTE",
)
IMPLEMENTERS = ("ENTERPRISE", "VOCATIONAL_COLLEGE", "OPEN_UNIVERSITY")
DIVISION_CODES = {p.name: p.code for p in PLACES}
# level → lead → the tag after T/SAMPLE
Tagger = Callable[[Org], str]
TAGS: dict[str, Tagger] = {
    "NATIONAL": lambda lead: "GB",
    "INDUSTRY": lambda lead: "SB",
    "LOCAL": lambda lead: f"DB{DIVISION_CODES[lead.province]}",
    "GROUP": lambda lead: "T",
    "ENTERPRISE": lambda lead: "Q",
}


def code(level: str, lead: Org, copy: int, number: int, year: int) -> str:
    return f"T/{marking.CODE}{TAGS[level](lead)} {(copy - 1) * STANDARDS + number}-{year}"


def generate(b: Builder, world: World, orgs: Orgs) -> dict[str, list[NodeRecord]]:
    """Standards and their drafters, professions and implementers; returns the published ones
    by the name of each profession they cover."""
    published: dict[str, list[NodeRecord]] = defaultdict(list)
    levels = [level for level, count in LEVELS.items() for _ in range(count)]
    for number, level in enumerate(levels, start=1):
        lead = b.pick(orgs.of(LEADS[level]))
        professions = _professions(b, world)
        status, year, published_on = _status(b)
        standard = b.node(
            "Standard",
            code=code(level, lead, b.copy, number, year),
            **_title(b, professions),
            level=level,
            status=status,
            publishedOn=published_on,
        )
        _draft(b, orgs, standard, level, lead)
        for profession in professions:
            b.link("COVERS", standard, profession)
            if status == "PUBLISHED":
                published[str(profession.props["name"])].append(standard)
        if status == "PUBLISHED":
            for org in b.some(orgs.of(IMPLEMENTERS, lead.province), 2, 8):
                b.link("IMPLEMENTS", org.record, standard)
    return published


def _professions(b: Builder, world: World) -> list[NodeRecord]:
    return b.some(world.professions, 2, 4) if b.chance(0.25) else [b.pick(world.professions)]


def _title(b: Builder, professions: list[NodeRecord]) -> dict[str, str]:
    if len(professions) > 1:
        title, title_zh = b.pick(GENERAL_STANDARD_TITLES)
        return {"title": title, "titleZh": title_zh}
    profession = professions[0]
    template, template_zh = b.pick(STANDARD_TITLES)
    plural = f"{str(profession.props['name']).lower()}s"
    return {
        "title": template.format(plural),
        "titleZh": template_zh.format(profession.props["nameZh"]),
    }


def _status(b: Builder) -> tuple[str, int, date | None]:
    """Status, the year in the code, and the publication day."""
    roll = b.rng.random()
    if roll < 0.17:
        return "DRAFTING", 2026, None  # the year it is planned for
    year = b.rng.randint(2014, 2018) if roll < 0.25 else b.rng.randint(2019, 2025)
    status = "WITHDRAWN" if roll < 0.25 else "PUBLISHED"
    return status, year, b.day(date(year, 1, 1), min(date(year, 12, 31), AS_OF))


def _draft(b: Builder, orgs: Orgs, standard: NodeRecord, level: str, lead: Org) -> None:
    b.link("DRAFTED_BY", standard, lead.record, role="LEAD")
    if level == "ENTERPRISE":
        return
    province = lead.province if level == "LOCAL" else None
    participants = b.some(orgs.of(PARTICIPANTS, province, exclude={lead.key}), 1, 5)
    if level in {"NATIONAL", "INDUSTRY"} and orgs.hub and b.chance(0.3):
        participants.append(b.pick(orgs.hub))
    for org in participants:
        b.link("DRAFTED_BY", standard, org.record, role="PARTICIPANT")
