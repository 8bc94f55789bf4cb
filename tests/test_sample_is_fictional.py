"""The sample cannot be mistaken for real institutions, people or standards (docs/data.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from ecosystem.domain.ecosystem import STANDARD_CODE
from ecosystem.seeding import Dataset, Plan
from ecosystem.seeding.records import SYNTHETIC
from ecosystem.seeding.sample import marking
from ecosystem.seeding.sample.copy import generate
from tests.support.real_names import REAL_NAMES, real_names_in

NAMES = ("name", "nameZh", "title", "titleZh")
TEXTS = (*NAMES, "signatories", "code", "externalId", "summary", "website", "email")


def sample_of(scale: int) -> Dataset:
    plan = Plan(scale)
    merged = Dataset()
    for dataset in list(plan.datasets())[1:]:  # the facts first, then only sample
        merged.extend(dataset)
    return merged


@pytest.fixture(scope="module", params=[1, 10])
def sample(request: pytest.FixtureRequest) -> Dataset:
    return sample_of(request.param)


def texts(props: Mapping[str, object]) -> list[str]:
    values = [props.get(key) for key in TEXTS]
    return [t for v in values for t in (v if isinstance(v, list) else [v]) if isinstance(t, str)]


def test_the_list_of_real_names_is_the_one_compiled() -> None:
    assert len(REAL_NAMES) > 300
    assert real_names_in("The 江苏开放大学 campus") == ["江苏开放大学"]
    assert real_names_in("云南省教育厅（示例）") == ["云南省教育厅"]
    assert real_names_in("zhang xiaoying (sample)") == ["Zhang Xiaoying"]


def test_no_sample_record_carries_a_real_name(sample: Dataset) -> None:
    found = {
        (n.type, text): real
        for n in sample.nodes
        if n.props["source"] == SYNTHETIC and n.type not in {"Profession", "Credential"}
        for text in texts(n.props)
        if (real := real_names_in(text))
    }
    assert found == {}


def test_every_sample_name_and_code_carries_the_marker(sample: Dataset) -> None:
    unmarked = [
        (n.type, n.props[key])
        for n in sample.nodes
        if n.type in {"Organisation", "Trainer", "TrainingBase", "Agreement"}
        for key in ("name", "nameZh", "externalId", *(("title",) if n.type == "Agreement" else ()))
        if isinstance(n.props.get(key), str) and not marking.is_marked(str(n.props[key]))
    ]
    assert unmarked == []
    codes = [str(n.props["code"]) for n in sample.nodes if n.type in {"Standard", "Course"}]
    assert codes
    assert all(marking.CODE in code for code in codes)


@pytest.mark.parametrize("copy", [1, 2, 10, 500, 24_999])
def test_standard_codes_fit_the_apis_pattern_at_any_scale(copy: int) -> None:
    plan = Plan()
    codes = [str(n.props["code"]) for n in plan.copy(copy).nodes if n.type == "Standard"]
    assert codes
    assert [c for c in codes if not re.match(STANDARD_CODE, c)] == []
    assert all(c.startswith(f"T/{marking.CODE}") for c in codes)


def test_copies_are_told_apart_by_their_marker() -> None:
    first, tenth = generate_names(1), generate_names(10)
    assert all(name.endswith("(sample)") for name in first)
    assert all(name.endswith("(sample 10)") for name in tenth)


def generate_names(copy: int) -> list[str]:
    world = Plan()._world[0]
    data = generate(world, copy, 1)
    return [str(n.props["name"]) for n in data.nodes if n.type == "Organisation"]


def test_the_sample_never_links_a_real_body() -> None:
    """A sample relationship touches a real node only when it is the profession the sources
    name (a word of the vocabulary); no real organisation or agreement has one."""
    plan = Plan(2)
    real = {(n.type, n.key): n for n in plan.facts.nodes}
    touched = set()
    for dataset in list(plan.datasets())[1:]:
        for r in dataset.relationships:
            assert r.props["source"] == SYNTHETIC
            for end in (r.start, r.end):
                touched |= {kind for kind, key in real if key == end}
    assert touched == {"Profession"}
