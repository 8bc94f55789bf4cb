"""The cost estimate, worked by hand: fields × page sizes from the limits registry (no
database: the graph's reads only collect the selection here)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from ecosystem.api.cost import Pages, document_cost
from ecosystem.graph import Database, LargeAnswers, Reads
from ecosystem.limits import Limits
from ecosystem.settings import Settings
from tests.compiler.translate import compiler, schema

OUC = "Organisation:3df20164-63ee-4e2d-a809-9740749aaf25"


@pytest.fixture
async def reads() -> AsyncIterator[Reads]:
    db = Database(Settings())  # the driver is made, never connected
    yield Reads(db, compiler(), LargeAnswers(1, 1.0))
    await db.close()


def cost(reads: Reads, document: str, **variables: Any) -> int | None:
    parsed = parse(document)
    (operation,) = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return document_cost(schema()._schema, operation, fragments, variables, reads=reads,
                         pages=Pages(Limits()))  # fmt: skip


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        # name 1; node 1 × (1 + 1); edges 100 × (1 + 2); the connection 1 × (1 + 300)
        ("{ organisations(first: 100) { edges { node { name } } } }", 301),
        ("{ organisations { edges { node { name } } } }", 61),  # the default page: 20
        ("{ organisations(first: 5000) { edges { node { name } } } }", 301),  # capped at 100
        ("{ organisations { totalCount edges { cursor node { name kind } } } }", 1 + 1 + 20 * 5),
        (  # two connections of 20, one inside the other
            "{ organisations { edges { node { trainers { edges { node { name } } } } } } }",
            1 + 20 * (1 + 1 + 1 + 20 * 3),
        ),
        ('{ nodes(ids: ["a", "b", "c"]) { id } }', 3 * 2),
        (f'{{ collaborations(organisationId: "{OUC}", first: 500) {{ strength }} }}', 500 * 2),
        (f'{{ collaborations(organisationId: "{OUC}", first: 900) {{ strength }} }}', 500 * 2),
        (f'{{ collaborations(organisationId: "{OUC}") {{ strength }} }}', 100 * 2),
        # a list nobody pages is guessed at a default page
        ("{ collaborationNetwork { edges { strength } } }", 1 + 20 * 2),
        # a paged list's items hold unpaged lists: those are guessed at a default page too
        (
            f'{{ collaborations(organisationId: "{OUC}", first: 500) {{ links {{ channel }} }} }}',
            500 * (1 + 20 * 2),
        ),
    ],
)
def test_costs_worked_by_hand(reads: Reads, document: str, expected: int) -> None:
    assert cost(reads, document) == expected


def test_skipped_fields_and_fragments_count_as_the_response_would(reads: Reads) -> None:
    document = """query($full: Boolean!) { organisations(first: 10) {
        edges { node { ...Names trainers @include(if: $full) { totalCount } } } } }
        fragment Names on Organisation { name kind }"""
    assert cost(reads, document, full=False) == 1 + 10 * (1 + 1 + 2)
    assert cost(reads, document, full=True) == 1 + 10 * (1 + 1 + 2 + 2)


def test_a_mutation_counts_what_it_reads_back(reads: Reads) -> None:
    document = """mutation { updateOrganisation(id: "x", input: {city: "y"}) {
        name trainers(first: 50) { edges { node { name } } } } }"""
    assert cost(reads, document) == 1 + 1 + 1 + 50 * 3
