"""What every copy of the sample builds on: its own hub and the shared vocabulary.

The sample never links a real body: its members join a sample alliance, founded on the real
alliance's day, around a sample national open university and its training centre (the hub,
generated once, like the vocabulary, and shared by all copies). Professions and credentials are
the vocabulary (marked synthetic, except the profession the sources name, which sample courses,
bases, standards and credentials refer to: a word of the vocabulary, not a body).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ecosystem.seeding import vocabulary as v
from ecosystem.seeding.records import SYNTHETIC, Dataset, NodeRecord, RelationshipRecord
from ecosystem.seeding.sample.marking import mark, mark_zh

# The hub's names: an invented brand no copy's members use (organisations.BRANDS).
HUB_BRAND = ("Hengyuan", "恒远")
HUB_SEAT = ("Beijing", "Beijing")  # province, city


class WorldError(ValueError):
    """The real facts lack what the sample builds on (the alliance, its initiators)."""


@dataclass(frozen=True)
class Credentials:
    teaching: tuple[NodeRecord, ...]
    education_titles: tuple[NodeRecord, ...]
    industry_titles: tuple[NodeRecord, ...]
    management: NodeRecord  # the experience credential that certifies no profession
    experience: dict[str, NodeRecord]  # profession name → experience credential
    skills: dict[tuple[str, int], NodeRecord]  # (profession name, level) → skill certificate
    all: tuple[NodeRecord, ...]


@dataclass(frozen=True)
class World:
    alliance: NodeRecord  # the sample's alliance
    founded: date
    hub: tuple[NodeRecord, ...]  # the sample's open university and its centre
    professions: tuple[NodeRecord, ...]
    credentials: Credentials
    trades: dict[str, v.Trade]  # profession name → what the sample knows about it
    spoken: str  # every word of the real facts, lower case: no sample person is named in it

    def real_person(self, *names: str) -> bool:
        return any(name.lower() in self.spoken for name in names)

    def trade(self, profession: NodeRecord) -> v.Trade:
        return self.trades[str(profession.props["name"])]


def build(facts: Dataset) -> tuple[World, Dataset]:
    """The world the copies share, and the vocabulary records to load once before them."""
    vocabulary = Dataset()
    professions = _professions(facts, vocabulary)
    credentials = _credentials(professions, vocabulary)
    trades = {trade.profession: trade for trade in v.TRADES}
    missing = [str(p.props["name"]) for p in professions if p.props["name"] not in trades]
    if missing:
        raise WorldError(f"no topics in seeding/vocabulary.py for {missing}")
    founded = _founded(facts, _alliance(facts))
    alliance, hub = _hub(vocabulary, founded)
    world = World(
        alliance=alliance,
        founded=founded,
        hub=hub,
        professions=professions,
        credentials=credentials,
        trades=trades,
        spoken=_spoken(facts),
    )
    return world, vocabulary


def _alliance(facts: Dataset) -> NodeRecord:
    alliances = [n for n in _organisations(facts) if n.props["kind"] == "ALLIANCE"]
    if len(alliances) != 1:
        raise WorldError(f"the facts must hold exactly one alliance, not {len(alliances)}")
    return alliances[0]


def _spoken(facts: Dataset) -> str:
    """The text of every property of the real facts (signatories and summaries included)."""
    values = [v for n in facts.nodes for v in n.props.values()]
    values += [v for r in facts.relationships for v in r.props.values()]
    words = [w for v in values for w in (v if isinstance(v, list) else [v]) if isinstance(w, str)]
    return "\n".join(words).lower()


def _hub(out: Dataset, founded: date) -> tuple[NodeRecord, tuple[NodeRecord, ...]]:
    """The sample's alliance, its open university (an initiator) and that one's centre."""
    brand, brand_zh = HUB_BRAND

    def org(name: str, name_zh: str, kind: str) -> NodeRecord:
        province, city = HUB_SEAT
        record = NodeRecord("Organisation", {
            "source": SYNTHETIC, "name": mark(f"{brand} {name}"),
            "nameZh": mark_zh(f"{brand_zh}{name_zh}"), "kind": kind, "province": province,
            "city": city,
        })  # fmt: skip
        out.nodes.append(record)
        return record

    alliance = org("Domestic Services Industry-Education Alliance", "家政产教融合联盟", "ALLIANCE")
    university = org("Open University", "开放大学", "OPEN_UNIVERSITY")
    centre = org("Open University Training Centre", "开放大学培训中心", "OPEN_UNIVERSITY")
    out.relationships += [
        RelationshipRecord("PART_OF", centre.key, university.key, {"source": SYNTHETIC}),
        RelationshipRecord("MEMBER_OF", university.key, alliance.key,
                           {"source": SYNTHETIC, "role": "INITIATOR", "since": founded}),
    ]  # fmt: skip
    return alliance, (university, centre)


def _organisations(facts: Dataset) -> list[NodeRecord]:
    return [n for n in facts.nodes if n.type == "Organisation"]


def _founded(facts: Dataset, alliance: NodeRecord) -> date:
    days = [
        r.props["since"]
        for r in facts.relationships
        if r.type == "MEMBER_OF" and r.end == alliance.key and r.props.get("role") == "INITIATOR"
    ]
    dates = [day for day in days if isinstance(day, date)]
    if not dates:
        raise WorldError("the facts name no initiator of the alliance with a `since` date")
    return min(dates)


def _professions(facts: Dataset, out: Dataset) -> tuple[NodeRecord, ...]:
    real = [n for n in facts.nodes if n.type == "Profession"]
    synthetic = [
        _node(out, "Profession", name, name_zh) for name, name_zh in v.SYNTHETIC_PROFESSIONS
    ]
    return (*real, *synthetic)


def _credentials(professions: tuple[NodeRecord, ...], out: Dataset) -> Credentials:
    def make(pairs: tuple[v.Pair, ...], category: str, **props: bool) -> tuple[NodeRecord, ...]:
        return tuple(
            _node(out, "Credential", en, zh, category=category, **props) for en, zh in pairs
        )

    by_name = {str(p.props["name"]): p for p in professions}
    experience: dict[str, NodeRecord] = {}
    management = None
    for item in v.INDUSTRY_EXPERIENCE:
        record = _node(out, "Credential", *item.name, category="INDUSTRY_EXPERIENCE")
        if not item.certifies:
            management = record
        for name in item.certifies:
            experience[name] = record
            _certifies(out, record, by_name[name])
    if management is None:
        raise WorldError("vocabulary.INDUSTRY_EXPERIENCE needs one item that certifies nothing")
    return Credentials(
        teaching=make(v.TEACHING_CREDENTIALS, "TEACHING"),
        education_titles=make(v.EDUCATION_TITLES, "PROFESSIONAL_TITLE", fromIndustry=False),
        industry_titles=make(v.INDUSTRY_TITLES, "PROFESSIONAL_TITLE", fromIndustry=True),
        management=management,
        experience=experience,
        skills=_skills(professions, out),
        all=tuple(n for n in out.nodes if n.type == "Credential"),
    )


def _skills(professions: tuple[NodeRecord, ...], out: Dataset) -> dict[tuple[str, int], NodeRecord]:
    skills = {}
    for profession in professions:
        name, name_zh = str(profession.props["name"]), str(profession.props.get("nameZh", ""))
        for level, (grade, grade_zh) in v.SKILL_LEVELS.items():
            record = _node(
                out,
                "Credential",
                f"{name}, level {level} ({grade})",
                f"{name_zh}（{grade_zh}）",
                category="VOCATIONAL_SKILL",
                level=level,
            )
            _certifies(out, record, profession)
            skills[name, level] = record
    return skills


def _node(
    out: Dataset, type_: str, name: str, name_zh: str, **props: str | int | bool
) -> NodeRecord:
    record = NodeRecord(type_, {"source": SYNTHETIC, "name": name, "nameZh": name_zh, **props})
    out.nodes.append(record)
    return record


def _certifies(out: Dataset, credential: NodeRecord, profession: NodeRecord) -> None:
    out.relationships.append(
        RelationshipRecord("CERTIFIES", credential.key, profession.key, {"source": SYNTHETIC})
    )
