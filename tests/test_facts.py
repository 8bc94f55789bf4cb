"""seeds/facts.json against the two source documents, fact by fact (no database)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from ecosystem.seeding import Dataset, NodeRecord
from ecosystem.seeding.facts import EVIDENCE, FACTS_FILE, SOURCES_DIR, load

RAW: dict[str, Any] = json.loads(FACTS_FILE.read_text(encoding="utf-8"))
RECORDS: list[dict[str, Any]] = [
    *(item for items in RAW["nodes"].values() for item in items),
    *RAW["relationships"],
]


def words(text: str) -> str:
    return " ".join(text.split())


def document(key: str) -> str:
    return words((SOURCES_DIR / f"{key}.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def facts() -> Dataset:
    return load()


def node(facts: Dataset, type_: str, *key: str) -> NodeRecord:
    return next(n for n in facts.nodes if n.type == type_ and n.key == key)


def test_every_source_has_its_document() -> None:
    assert sorted(p.stem for p in SOURCES_DIR.glob("*.txt")) == sorted(RAW["sources"])


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: str(r.get("name") or r.get("title")
                                                              or r.get("type")))  # fmt: skip
def test_every_fact_quotes_its_document_word_for_word(record: dict[str, Any]) -> None:
    assert words(record[EVIDENCE]) in document(record["source"])


def test_quotes_are_evidence_not_data(facts: Dataset) -> None:
    assert all(EVIDENCE not in n.props for n in facts.nodes)
    assert all(EVIDENCE not in r.props for r in facts.relationships)


def test_every_person_is_named_in_their_document() -> None:
    people = [
        (item["source"], person.split(" — ")[0])
        for item in RECORDS
        for person in item.get("people", []) + item.get("signatories", [])
    ]
    assert len({name.casefold() for _, name in people}) == 5
    for source, name in people:
        assert name.casefold() in document(source).casefold()


def test_the_programmes_figures_are_typed(facts: Dataset) -> None:
    programme = node(facts, "Agreement", "Online Training Programme for Family Service Workers")
    assert programme.props["kind"] == "PROGRAMME"
    assert programme.props["programmes"] == 19
    assert programme.props["professionsCovered"] == 8
    assert programme.props["workersMoreThan"] == 30_000_000
    assert programme.props["freeOfCharge"] is True
    text = document("ouc-2023-11-01")
    for phrase in ("19 training programmes", "eight family service professions",
                   "free online learning services to over 30 million"):  # fmt: skip
        assert phrase in text


def test_the_programme_answers_the_key_points(facts: Dataset) -> None:
    responses = [(r.start, r.end) for r in facts.relationships if r.type == "RESPONDS_TO"]
    key_points = node(facts, "Agreement", str(responses[0][1][0]))
    assert responses == [(("Online Training Programme for Family Service Workers",),
                          (key_points.props["title"],))]  # fmt: skip
    assert key_points.props["kind"] == "POLICY"
    assert key_points.props["year"] == 2023
    assert "signedOn" not in key_points.props
    assert len(key_points.props["requirements"]) == 3  # type: ignore[arg-type]


def test_the_founding_is_an_event_not_a_signing(facts: Dataset) -> None:
    agreements = {n.props["title"] for n in facts.nodes if n.type == "Agreement"}
    assert not any("Founding" in str(title) for title in agreements)
    events = {n.props["kind"]: n for n in facts.nodes if n.type == "Event"}
    inaugural = events["INAUGURAL_CEREMONY"]
    assert inaugural.props["heldOn"] == date(2025, 7, 18)
    assert inaugural.props["organisationsAttendingMoreThan"] == 120
    assert "More than 120 organisations" in document("ouc-2025-07-18")
    taking_part = {r.start[0]: r.props["role"] for r in facts.relationships
                   if r.type == "TOOK_PART_IN" and r.end == inaugural.key}  # fmt: skip
    assert "inaugurated" in taking_part.values()
    assert sum("initiator" in str(role) for role in taking_part.values()) == 3
    signing = events["SIGNING_CEREMONY"]
    assert signing.props["heldOn"] == date(2023, 11, 1)


def test_liu_xuanxuans_full_title(facts: Dataset) -> None:
    people = [p for n in facts.nodes if n.type == "Event" for p in n.props.get("people", [])]  # type: ignore[union-attr]
    liu = next(p for p in people if p.startswith("Liu Xuanxuan"))
    assert "deputy secretary of the OUC Party Committee and secretary of its Discipline " \
           "Inspection Committee" in liu  # fmt: skip


def test_the_seniors_university_is_a_fact_with_a_relationship(facts: Dataset) -> None:
    seniors = ("Seniors University of China", "Beijing")
    assert [r.type for r in facts.relationships if seniors in (r.start, r.end)] == ["TOOK_PART_IN"]


def test_the_documents_are_the_shared_sources_when_they_are_at_hand() -> None:
    """seeds/sources/ holds the documents as ../shared/sources/ gives them (a development
    checkout has them beside it; a clean clone checks its own copies only)."""
    shared = SOURCES_DIR.parents[2] / "shared" / "sources"
    if not shared.is_dir():
        pytest.skip("../shared/sources/ is not beside this checkout")
    theirs = {p.read_text(encoding="utf-8") for p in shared.glob("*.txt")}
    ours = {p.read_text(encoding="utf-8") for p in SOURCES_DIR.glob("*.txt")}
    assert ours == theirs
