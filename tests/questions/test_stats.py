"""ecosystemStats on the collaborations graph, counted by hand."""

from __future__ import annotations

import httpx
import pytest
from graphql import FieldNode, OperationDefinitionNode, parse

from ecosystem.api.schema import build_compiler, build_schema
from ecosystem.graph.compiler import Compiled
from ecosystem.graph.database import Database
from ecosystem.settings import Settings
from tests.support.graphs import ask, build

QUERY = """{ ecosystemStats {
  nodeCount relationshipCount nodesByType { type count }
  organisationsByKind { kind count } organisationsByProvince { province count }
  trainers dualQualifiedTrainers dualQualifiedShare reciprocalHires
  trainingBases sharedTrainingBases sharedBaseShare
  network { organisations collaboratingOrganisations edges density largestComponent } } }"""


async def test_counts_shares_and_network(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    stats = (await ask(client, QUERY))["ecosystemStats"]
    assert (stats["nodeCount"], stats["relationshipCount"]) == (14, 19)
    assert {t["type"]: t["count"] for t in stats["nodesByType"]} == {
        "Organisation": 7, "Trainer": 2, "Credential": 0, "Profession": 0, "Course": 2,
        "TrainingBase": 1, "Standard": 1, "Agreement": 1, "Event": 0, "TrainingOutcome": 0,
    }  # fmt: skip
    assert stats["organisationsByKind"] == [
        {"kind": "ENTERPRISE", "count": 2}, {"kind": "GOVERNMENT_AGENCY", "count": 2},
        {"kind": "OPEN_UNIVERSITY", "count": 2}, {"kind": "ALLIANCE", "count": 1},
    ]  # fmt: skip
    assert stats["organisationsByProvince"] == [{"province": None, "count": 7}]
    # Nobody holds credentials; one trainer is at Open U's centre and at Enterprise Two now.
    assert (stats["trainers"], stats["dualQualifiedTrainers"], stats["dualQualifiedShare"]) == (
        2,
        0,
        0.0,
    )
    assert stats["reciprocalHires"] == 1
    assert (stats["trainingBases"], stats["sharedTrainingBases"], stats["sharedBaseShare"]) == (
        1,
        1,
        1.0,
    )
    net = stats["network"]
    # Five pairs among seven organisations; all five collaborators form one component.
    assert net["organisations"] == 7
    assert (
        net["edges"],
        net["collaboratingOrganisations"],
        net["largestComponent"],
    ) == (5, 5, 5)
    assert net["density"] == pytest.approx(10 / 42)


async def test_empty_graph(client: httpx.AsyncClient, graph: Database) -> None:
    stats = await ask(
        client,
        "{ ecosystemStats { nodeCount dualQualifiedShare network { density largestComponent } } }",
    )
    assert stats["ecosystemStats"] == {"nodeCount": 0, "dualQualifiedShare": 0.0,
                                       "network": {"density": 0.0, "largestComponent": 0}}  # fmt: skip


ORGANISATIONS = {
    "A": ("Organisation", {"name": "A", "kind": "ENTERPRISE", "province": "Beijing"}),
    "B": ("Organisation", {"name": "B", "kind": "ENTERPRISE", "province": "Beijing"}),
    "C": ("Organisation", {"name": "C", "kind": "VOCATIONAL_COLLEGE", "province": "Hunan"}),
    "D": ("Organisation", {"name": "D", "kind": "ENTERPRISE"}),  # no province
    # Outside the choices: only a graph written around the API (as here) holds one.
    "E": ("Organisation", {"name": "E", "kind": "ENTERPRISE", "province": "Atlantis"}),
    "F": ("Organisation", {"name": "F", "kind": "ENTERPRISE", "province": "Hunan",
                           "source": "synthetic"}),  # sample
}  # fmt: skip
BY_KIND_AND_PROVINCE = """query($sample: Boolean) { ecosystemStats(includeSample: $sample) {
  organisationsByKind { kind count } organisationsByProvince { province count } } }"""


@pytest.mark.parametrize(
    ("sample", "kinds", "provinces"),
    [
        (True, [("ENTERPRISE", 5), ("VOCATIONAL_COLLEGE", 1)],
         [("Beijing", 2), ("Hunan", 2), ("Atlantis", 1), (None, 1)]),
        (False, [("ENTERPRISE", 4), ("VOCATIONAL_COLLEGE", 1)],
         [("Beijing", 2), ("Atlantis", 1), ("Hunan", 1), (None, 1)]),
    ],
)  # fmt: skip
async def test_organisations_by_kind_and_province_most_common_first(
    client: httpx.AsyncClient,
    graph: Database,
    sample: bool,
    kinds: list[tuple[str, int]],
    provinces: list[tuple[str | None, int]],
) -> None:
    """Listed values are counted from the index, the rest (none, or outside the choices) by
    a scan: both end up in one list, most common first, then by value (none last)."""
    await build(graph, ORGANISATIONS, [])
    stats = (await ask(client, BY_KIND_AND_PROVINCE, sample=sample))["ecosystemStats"]
    assert [(k["kind"], k["count"]) for k in stats["organisationsByKind"]] == kinds
    assert [(p["province"], p["count"]) for p in stats["organisationsByProvince"]] == provinces


NETWORK = "{ ecosystemStats { network { edges collaboratingOrganisations largestComponent } } }"


def network_statement(settings: Settings, document: str = NETWORK) -> Compiled:
    (operation,) = parse(document).definitions
    assert isinstance(operation, OperationDefinitionNode)
    (node,) = operation.selection_set.selections
    assert isinstance(node, FieldNode)
    return build_compiler(build_schema(settings=settings), settings).compile([node], {}, {})


def test_organisations_are_counted_only_when_asked_for(settings: Settings) -> None:
    """Counting by kind and province reads an index entry per organisation: a statement
    without those fields leaves it out (no database needed)."""
    bare = network_statement(settings, "{ ecosystemStats { nodeCount } }").statement.cypher
    assert "o.kind" not in bare
    assert "o.province" not in bare
    asked = "{ ecosystemStats { organisationsByKind { kind count } } }"
    counted = network_statement(settings, asked).statement.cypher
    assert "o.kind = value" in counted
    assert "o.province" not in counted


async def test_pairs_travel_once_per_version_of_the_pairs(
    client: httpx.AsyncClient, collaboration_graph: Database, settings: Settings
) -> None:
    """The largest component is measured once; a write that moves a pair makes it new."""
    compiled = network_statement(settings)
    sent = []
    for _ in range(2):
        rows = await collaboration_graph.read(compiled.statement.cypher, compiled.statement.bound())
        sent.append(len(rows[0]["data"]["network"]["largestComponent"]["pairs"]))
        answer = compiled.finish(rows[0]["data"])["network"]
        assert answer == {"edges": 5, "collaboratingOrganisations": 5, "largestComponent": 5}
    assert sent == [5, 0]  # the second time this process knew the pairs' version

    # The agreement was the only link between the ministry's department and the centre.
    (agreement,) = await collaboration_graph.read("MATCH (a:Agreement) RETURN a.id AS id")
    delete = "mutation($id: ID!) { deleteAgreement(id: $id, detach: true) { deleted } }"
    await ask(client, delete, id=f"Agreement:{agreement['id']}")
    stats = await ask(client, NETWORK)
    net = {"edges": 4, "collaboratingOrganisations": 4, "largestComponent": 4}
    assert stats["ecosystemStats"]["network"] == net
