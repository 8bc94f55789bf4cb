"""The seed data set without a database: real facts, the synthetic sample and its validation."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date

import pytest

from ecosystem.seeding import Dataset, NodeRecord, Plan, RelationshipRecord, problems
from ecosystem.seeding.facts import SOURCES_DIR
from ecosystem.seeding.records import SYNTHETIC
from ecosystem.seeding.sample.copy import NODES_PER_COPY
from ecosystem.settings import PROJECT_ROOT

OUC = ("Open University of China", "Beijing")
ALLIANCE = (
    "National Alliance for Digital-Intelligent Domestic Services Industry-Education "
    "Integration and Ecosystem Development",
    "Beijing",
)
DOCUMENTS = {
    "OUC news 2023-11-01: Online Training Programme for Family Service Workers signing",
    "OUC news 2025-07-18: National Alliance for Digital-Intelligent Domestic Services "
    "Industry-Education Integration inaugural ceremony",
}


def everything(plan: Plan) -> Dataset:
    merged = Dataset()
    for dataset in plan.datasets():
        merged.extend(dataset)
    return merged


@pytest.fixture(scope="module")
def plan() -> Plan:
    return Plan()


@pytest.fixture(scope="module")
def facts(plan: Plan) -> Dataset:
    return plan.facts


@pytest.fixture(scope="module")
def sample(plan: Plan) -> Dataset:
    """Facts, vocabulary and one copy: what `ecosystem seed` loads by default."""
    return everything(plan)


def node(dataset: Dataset, type_: str, *key: str) -> NodeRecord:
    return next(n for n in dataset.nodes if n.type == type_ and n.key == key)


def test_the_real_facts_fit_the_domain(facts: Dataset) -> None:
    assert problems(facts) == []
    assert {n.props["source"] for n in facts.nodes} == DOCUMENTS
    assert {r.props["source"] for r in facts.relationships} == DOCUMENTS


def test_the_default_sample_fits_the_domain(sample: Dataset) -> None:
    assert problems(sample) == []
    assert len(sample.nodes) == Plan().nodes


def test_copies_never_share_a_natural_key_or_id() -> None:
    plan = Plan(scale=3)
    merged = everything(plan)
    assert problems(merged) == []  # a shared key or relationship id is "declared twice"
    assert (
        len(merged.nodes)
        == plan.nodes
        == len(Plan().facts.nodes) + len(plan.vocabulary.nodes) + 3 * NODES_PER_COPY
    )


def test_generated_records_say_they_are_synthetic(facts: Dataset, sample: Dataset) -> None:
    real = {id(n) for n in facts.nodes} | {id(r) for r in facts.relationships}
    records: list[NodeRecord | RelationshipRecord] = [*sample.nodes, *sample.relationships]
    generated = [r for r in records if id(r) not in real]
    assert generated
    assert all(r.props["source"] == SYNTHETIC for r in generated)


def test_the_initiators_and_units_are_real_facts(facts: Dataset) -> None:
    initiators = {
        r.start[0]
        for r in facts.relationships
        if r.type == "MEMBER_OF" and r.end == ALLIANCE and r.props["role"] == "INITIATOR"
    }
    assert initiators == {
        "Open University of China",
        "Ministry of Human Resources and Social Security Centre for Social Security Capacity "
        "Building",
        "China Staff Service (Group) Co., Ltd.",
    }
    parts = {(r.start[0], r.end[0]) for r in facts.relationships if r.type == "PART_OF"}
    assert ("Open University of China Education and Training Centre", OUC[0]) in parts
    assert node(facts, "Organisation", *OUC).props["nameZh"] == "国家开放大学"


def test_the_2023_agreement_is_between_two_units(facts: Dataset) -> None:
    title = "Online Training Programme for Family Service Workers"
    agreement = node(facts, "Agreement", title)
    assert agreement.props["signedOn"] == date(2023, 11, 1)
    # The term begins with the signing (seeds/facts.json notes why); the source gives no end.
    assert agreement.props["validFrom"] == date(2023, 11, 1)
    assert "validUntil" not in agreement.props
    source = (SOURCES_DIR / "ouc-2023-11-01.txt").read_text(encoding="utf-8")
    assert "the signing of the agreement marks the beginning of their cooperation" in source
    signatories = agreement.props["signatories"]
    assert isinstance(signatories, list)
    assert [s.split(" — ")[0] for s in signatories] == ["Zhu Guangyao", "Wang Qifu"]
    parties = {
        r.start[0] for r in facts.relationships if r.type == "PARTY_TO" and r.end == (title,)
    }
    assert parties == {
        "Ministry of Commerce Department of Trade in Services and Commercial Services",
        "Open University of China Education and Training Centre",
    }


def test_no_profession_code_is_invented(sample: Dataset) -> None:
    professions = [n for n in sample.nodes if n.type == "Profession"]
    assert len(professions) == 8
    assert all("code" not in p.props for p in professions)
    assert node(sample, "Profession", "Maternal-infant care worker").props["nameZh"] == "母婴护理员"


def test_ids_are_pinned() -> None:
    # A changed namespace or id recipe would give every seeded node a new id on re-seeding.
    ouc = NodeRecord("Organisation", {"name": OUC[0], "province": OUC[1]})
    assert ouc.id == "c5839da9-cbb8-5231-88d3-a657510fd0cd"


def digest(plan: Plan) -> str:
    """One hash over every id the plan makes, in order."""
    ids: list[str] = []
    for dataset in plan.datasets():
        ids += [n.id for n in dataset.nodes] + [r.id for r in dataset.relationships]
    return hashlib.sha256("".join(ids).encode()).hexdigest()


def test_the_sample_is_the_same_in_every_process() -> None:
    script = "from ecosystem.seeding import Plan; from tests.test_seeding import digest; "
    script += "print(digest(Plan()))"
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert digests == {digest(Plan())}


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (NodeRecord("Person", {"source": "x"}), "unknown node type 'Person'"),
        (NodeRecord("Profession", {"source": "x"}), "natural key 'name' is missing"),
        (NodeRecord("Profession", {"name": "a"}), "required property 'source' is missing"),
        (NodeRecord("Profession", {"source": "x", "name": "a", "salary": 1}), "unknown property"),
        (NodeRecord("Profession", {"source": "x", "name": "a", "id": "1"}), "set by the loader"),
        (NodeRecord("Course", {"source": "x", "code": "a", "mode": "LIVE"}), "not a CourseMode"),
        (NodeRecord("Course", {"source": "x", "code": "a", "hours": "8"}), "'8' is not a Int"),
        (NodeRecord("Course", {"source": "x", "code": "a", "hours": -1}), "below 0"),
        (NodeRecord("Standard", {"source": "x", "code": "a", "publishedOn": "2024-01-01"}),
         "is not a Date"),
        (NodeRecord("Profession", {"source": "x", "name": "a" * 501}), "longer than 500"),
        (NodeRecord("Organisation", {"source": "x", "name": "a", "province": "Atlantis",
                                     "kind": "ENTERPRISE"}), "not a province"),
        (NodeRecord("Agreement", {"source": "x", "title": "a", "signatories": "Wang"}),
         "must be a list"),
        (NodeRecord("Agreement", {"source": "x", "title": "a", "validFrom": date(2026, 1, 2),
                                  "validUntil": date(2026, 1, 1)}), "validFrom ≤ validUntil"),
        (NodeRecord("TrainingOutcome", {"source": "x", "reference": "r", "year": 2024,
                                        "enrolled": 10, "completed": 9, "certified": 11}),
         "certified ≤ completed"),
        (NodeRecord("TrainingOutcome", {"source": "x", "reference": "r", "year": 2024}),
         "required property 'enrolled' is missing"),
    ],
)  # fmt: skip
def test_validation_names_each_mistake(record: NodeRecord, message: str) -> None:
    found = problems(Dataset([record]))
    assert any(message in line for line in found), found


def test_validation_finds_dangling_and_duplicate_relationships() -> None:
    course = NodeRecord("Course", {"source": "x", "code": "DS-1"})
    link = RelationshipRecord("PREPARES_FOR", ("DS-1",), ("Nobody",), {"source": "x"})
    found = problems(Dataset([course], [link, link]))
    assert any("no Profession ('Nobody',)" in line for line in found)
    assert any("declared twice" in line for line in found)
    short = RelationshipRecord("MEMBER_OF", ("a",), ("b", "Beijing"), {"source": "x"})
    assert any("not a full natural key" in line for line in problems(Dataset([], [short])))
