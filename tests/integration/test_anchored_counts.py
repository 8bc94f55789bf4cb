"""Counts that start from the selective end of a `some` filter (compiler/anchoring.py) count
what EXISTS counts: checked on the seed graph against hand-written Cypher."""

from __future__ import annotations

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.support.graphs import ask

CASES = [
    (  # the bench's Count: open affiliations with an enterprise
        "trainers(where: {affiliations: {some: {node: {kind: {eq: ENTERPRISE}}, "
        "edge: {until: {isNull: true}}}}})",
        "MATCH (n:Trainer) WHERE EXISTS { (n)-[r:AFFILIATED_WITH]->(o:Organisation) "
        "WHERE r.until IS NULL AND o.kind = 'ENTERPRISE' }",
    ),
    (  # several kinds, and a filter on the counted node itself
        "trainers(where: {nameZh: {isNull: false}, affiliations: {some: {node: "
        "{kind: {in: [OPEN_UNIVERSITY, VOCATIONAL_COLLEGE]}}}}})",
        "MATCH (n:Trainer) WHERE n.nameZh IS NOT NULL AND EXISTS { (n)-[:AFFILIATED_WITH]->"
        "(o:Organisation) WHERE o.kind IN ['OPEN_UNIVERSITY', 'VOCATIONAL_COLLEGE'] }",
    ),
    (  # incoming, two `some` filters: one anchors, the other is tested
        "organisations(where: {courses: {some: {node: {mode: {eq: ONLINE}}}}, "
        'trainers: {some: {node: {name: {startsWith: "L"}}}}})',
        "MATCH (n:Organisation) WHERE EXISTS { (n)<-[:DEVELOPED_BY]-(c:Course) "
        "WHERE c.mode = 'ONLINE' } AND EXISTS { (n)<-[:AFFILIATED_WITH]-(t:Trainer) "
        "WHERE t.name STARTS WITH 'L' }",
    ),
]


@pytest.mark.parametrize(("field", "oracle"), CASES)
async def test_an_anchored_count_counts_what_exists_counts(
    seed_client: httpx.AsyncClient, seeded: Database, field: str, oracle: str
) -> None:
    root = field.split("(", maxsplit=1)[0]
    data = await ask(seed_client, f"{{ {field} {{ totalCount }} }}")
    (row,) = await seeded.read(f"{oracle} RETURN count(n) AS n")
    assert row["n"] > 0  # a count of nothing would prove nothing
    assert data[root]["totalCount"] == row["n"]
