"""The sample over time, without a database: agreement terms, memberships that ended, when
courses were developed, topics, training outcomes and credit-bank recognitions (docs/data.md)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from ecosystem.domain.definitions import AI_TOPICS, SCHOOL_KINDS, AgreementStatus
from ecosystem.domain.ecosystem import TOPICS
from ecosystem.seeding import Dataset, NodeRecord, Plan, RelationshipRecord, problems
from ecosystem.seeding.records import Key
from ecosystem.seeding.sample import outcomes, topics
from ecosystem.seeding.sample.builder import AS_OF
from ecosystem.seeding.vocabulary import GENERAL_THEME, GENERAL_TOPICS, TRADES
from tests.test_seeding import everything

SUBJECT_LINKS = ("FOR_COURSE", "AT_BASE", "UNDER_PROGRAMME")
REFERENCE = re.compile(r"^SAMPLE-O(\d+)-\d{3,}$")


@pytest.fixture(scope="module")
def sample() -> Dataset:
    """Facts, vocabulary and copy 1."""
    return everything(Plan())


def nodes(data: Dataset, type_: str) -> list[NodeRecord]:
    return [n for n in data.nodes if n.type == type_]


def links(data: Dataset, type_: str) -> list[RelationshipRecord]:
    return [r for r in data.relationships if r.type == type_]


def by_start(data: Dataset, *types: str) -> dict[Key, list[RelationshipRecord]]:
    found = defaultdict(list)
    for r in data.relationships:
        if r.type in types:
            found[r.start].append(r)
    return found


def as_date(value: object) -> date:
    assert isinstance(value, date)
    return value


def status(agreement: NodeRecord, day: date = AS_OF) -> AgreementStatus:
    """domain/definitions.py: from validFrom (unset: signedOn) to validUntil (unset: open)."""
    starts = agreement.props.get("validFrom", agreement.props.get("signedOn"))
    ends = agreement.props.get("validUntil")
    if isinstance(starts, date) and starts > day:
        return AgreementStatus.PLANNED
    if isinstance(ends, date) and ends < day:
        return AgreementStatus.EXPIRED
    return AgreementStatus.IN_FORCE


@pytest.mark.parametrize("scale", [1, 2])
def test_the_sample_passes_the_seeding_validation(scale: int) -> None:
    plan = Plan(scale)
    merged = everything(plan)
    assert problems(merged) == []  # types, bounds, rules (certified ≤ completed …), ends
    assert len(merged.nodes) == plan.nodes


def test_every_outcome_keeps_its_figures_in_order(sample: Dataset) -> None:
    found = nodes(sample, "TrainingOutcome")
    assert len(found) == outcomes.OUTCOMES
    for outcome in found:
        props = outcome.props
        enrolled, completed = props["enrolled"], props["completed"]
        assert isinstance(enrolled, int)
        assert isinstance(completed, int)
        assert 20 <= enrolled <= 2000
        assert completed <= enrolled
        assert props.get("certified", 0) <= completed  # type: ignore[operator]
        assert props["year"] in outcomes.YEARS
        assert props.get("certificateLevel", 3) in {3, 4, 5}
    assert {o.props["year"] for o in found} == {2023, 2024, AS_OF.year}
    assert any("certificateLevel" in o.props for o in found)
    assert any("certificateLevel" not in o.props for o in found)


def test_every_outcome_has_one_reporter_and_one_subject(sample: Dataset) -> None:
    reported = by_start(sample, "REPORTED_BY")
    subjects = by_start(sample, *SUBJECT_LINKS)
    professions = by_start(sample, "FOR_PROFESSION")
    found = nodes(sample, "TrainingOutcome")
    for outcome in found:
        assert len(reported[outcome.key]) == 1
        assert len(subjects[outcome.key]) == 1
        assert len(professions[outcome.key]) <= 1
    kinds = Counter(subjects[o.key][0].type for o in found)
    assert set(kinds) == set(SUBJECT_LINKS)
    assert sum(len(professions[o.key]) for o in found) > 0.9 * len(found)


def test_the_reporter_is_the_lead_the_builder_or_a_party(sample: Dataset) -> None:
    responsible = {
        ("FOR_COURSE", r.start, r.end)
        for r in links(sample, "DEVELOPED_BY")
        if r.props["role"] == "LEAD"
    }
    responsible |= {
        ("AT_BASE", r.start, r.end)
        for r in links(sample, "OPERATED_BY")
        if r.props["role"] == "BUILDER"
    }
    responsible |= {("UNDER_PROGRAMME", r.end, r.start) for r in links(sample, "PARTY_TO")}
    reporter = {r.start: r.end for r in links(sample, "REPORTED_BY")}
    for link in (r for r in sample.relationships if r.type in SUBJECT_LINKS):
        assert (link.type, link.end, reporter[link.start]) in responsible


def test_programme_outcomes_are_under_programmes(sample: Dataset) -> None:
    kinds = {a.key: a.props["kind"] for a in nodes(sample, "Agreement")}
    under = links(sample, "UNDER_PROGRAMME")
    assert under
    assert {kinds[r.end] for r in under} == {"PROGRAMME"}


def test_references_are_unique_across_copies() -> None:
    plan = Plan()
    references = [
        str(n.props["reference"])
        for copy in (1, 2, 10, 11)
        for n in plan.copy(copy).nodes
        if n.type == "TrainingOutcome"
    ]
    assert len(references) == 4 * outcomes.OUTCOMES == len(set(references))
    copies = {int(m.group(1)) for r in references if (m := REFERENCE.match(r))}
    assert copies == {1, 2, 10, 11}


def test_agreement_terms(sample: Dataset) -> None:
    agreements = [a for a in nodes(sample, "Agreement") if a.props["source"] == "synthetic"]
    for agreement in agreements:
        signed, starts = agreement.props["signedOn"], agreement.props.get("validFrom")
        ends = agreement.props.get("validUntil")
        assert as_date(signed) <= AS_OF
        if starts is not None:
            assert as_date(signed) <= as_date(starts)
        if ends is not None:
            assert as_date(starts or signed) <= as_date(ends)
    statuses = Counter(status(a) for a in agreements)
    assert set(statuses) == set(AgreementStatus)
    assert statuses[AgreementStatus.IN_FORCE] > len(agreements) / 2
    in_force = [a for a in agreements if status(a) is AgreementStatus.IN_FORCE]
    last_days = [a.props.get("validUntil") for a in in_force]
    assert None in last_days  # open-ended
    year = AS_OF + timedelta(days=365)
    expiring = [d for d in last_days if d is not None and as_date(d) <= year]
    assert expiring  # within the year after AS_OF
    assert sum("validFrom" in a.props for a in agreements) > len(agreements) / 2


def test_some_members_have_left(sample: Dataset) -> None:
    alliance = next(n for n in nodes(sample, "Organisation") if n.props["kind"] == "ALLIANCE"
                    and n.props["source"] == "synthetic")  # fmt: skip
    memberships = [r for r in links(sample, "MEMBER_OF") if r.end == alliance.key]
    left = [r for r in memberships if "until" in r.props]
    assert 0 < len(left) < len(memberships) / 10
    for r in left:
        assert as_date(r.props["since"]) <= as_date(r.props["until"]) < AS_OF
    assert all("role" in r.props and "since" in r.props for r in memberships)


def test_course_development_has_its_days(sample: Dataset) -> None:
    developed = links(sample, "DEVELOPED_BY")
    days = [as_date(r.props["since"]) for r in developed]
    assert min(days) >= date(2019, 1, 1)
    assert max(days) <= AS_OF
    assert {d.year for d in days} == set(range(2019, AS_OF.year + 1))
    lead = {r.start: as_date(r.props["since"]) for r in developed if r.props["role"] == "LEAD"}
    assert all(lead[r.start] <= as_date(r.props["since"]) for r in developed)


@pytest.mark.parametrize("type_", ["Course", "TrainingBase"])
def test_courses_and_bases_have_topics(sample: Dataset, type_: str) -> None:
    found = [n for n in nodes(sample, type_) if n.props["source"] == "synthetic"]
    for record in found:
        about = record.props["topics"]
        assert isinstance(about, list)
        assert 1 <= len(about) <= 3
        assert len(set(about)) == len(about)
        assert set(about) <= set(TOPICS)
    ai = sum(bool(set(AI_TOPICS) & set(n.props["topics"])) for n in found)  # type: ignore[arg-type]
    assert 0.1 * len(found) <= ai <= 0.3 * len(found)


def test_topics_are_known_for_every_subject_and_theme() -> None:
    subjects = [t for trade in TRADES for t in trade.topics] + list(GENERAL_TOPICS)
    assert {en for en, _ in subjects} == set(topics.SUBJECT_TOPICS)
    themes = {trade.theme[0] for trade in TRADES} | {GENERAL_THEME[0]}
    assert themes == set(topics.THEME_TOPICS)
    assert {trade.profession for trade in TRADES} == set(topics.PROFESSION_TOPIC)
    ai_titles = {en for en, tags in topics.SUBJECT_TOPICS.items() if topics.AI in tags}
    assert all(re.search(r"Smart|Digital|AI|data|intelligence", t) for t in ai_titles)


def test_recognitions_start_at_schools_that_did_not_develop_the_course(sample: Dataset) -> None:
    kinds = {n.key: n.props["kind"] for n in nodes(sample, "Organisation")}
    developers = {(r.start, r.end) for r in links(sample, "DEVELOPED_BY")}
    recognitions = links(sample, "RECOGNISES")
    assert recognitions
    for r in recognitions:
        assert kinds[r.start] in SCHOOL_KINDS
        assert (r.end, r.start) not in developers
        assert 0.5 <= r.props["credits"] <= 6  # type: ignore[operator]
        assert date(2021, 1, 1) <= as_date(r.props["since"]) <= AS_OF
    per_course = Counter(r.end for r in recognitions)
    assert set(per_course.values()) == {1, 2, 3}
    assert len(per_course) > 0.25 * len(nodes(sample, "Course"))
