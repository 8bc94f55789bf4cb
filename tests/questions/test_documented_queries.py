"""Every query docs/questions.md shows for the ecosystem questions (its "Examples on the seed
graph", which the GraphQL IDE also opens as tabs) answers, with content, on the seed graph that
`make run` loads."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from ecosystem.settings import PROJECT_ROOT

SECTION = (
    PROJECT_ROOT.joinpath("docs", "questions.md")
    .read_text(encoding="utf-8")
    .split("## Examples on the seed graph")[1]
    .split("\n## ")[0]
)
QUERIES = re.findall(r"```graphql\n(.*?)```", SECTION, re.DOTALL)


def has_content(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, dict):
        return any(has_content(v) for v in value.values())
    return value not in (None, 0, False)


def test_the_examples_show_every_question() -> None:
    fields = {re.search(r"\{\s*(\w+)", q).group(1) for q in QUERIES}  # type: ignore[union-attr]
    assert fields == {
        "dualQualifiedTrainers",
        "sharedTrainingBases",
        "collaborations",
        "collaborationNetwork",
        "connectionPath",
        "coverage",
        "ecosystemStats",
        "allianceProgress",
        "agreementsByStatus",
        "creditRecognitions",
        "creditPaths",
        "viewer",
    }


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.splitlines()[0].lstrip("# "))
async def test_example_answers_on_the_seed(seed_client: httpx.AsyncClient, query: str) -> None:
    body = (await seed_client.post("/graphql", json={"query": query})).json()
    assert "errors" not in body, body
    (answer,) = body["data"].values()
    assert has_content(answer)
