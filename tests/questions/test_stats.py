"""ecosystemStats on the collaborations graph, counted by hand."""

from __future__ import annotations

import httpx
import pytest
from graphql import FieldNode, OperationDefinitionNode, parse

from ecosystem.api.schema import build_compiler, build_schema
from ecosystem.graph.compiler import Compiled
from ecosystem.graph.database import Database
from ecosystem.settings import Settings
from tests.support.graphs import ask

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


NETWORK = "{ ecosystemStats { network { edges collaboratingOrganisations largestComponent } } }"


def network_statement(settings: Settings) -> Compiled:
    (operation,) = parse(NETWORK).definitions
    assert isinstance(operation, OperationDefinitionNode)
    (node,) = operation.selection_set.selections
    assert isinstance(node, FieldNode)
    return build_compiler(build_schema(settings=settings), settings).compile([node], {}, {})


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
