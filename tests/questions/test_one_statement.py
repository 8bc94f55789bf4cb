"""Every question is one Cypher statement, however much of its answer is selected."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from ecosystem.graph.database import Database
from tests.support.graphs import ask, gid

ALL = """query($me: ID!, $other: ID!) {
  dualQualifiedTrainers { totalCount edges { node { name affiliations { totalCount } }
                          teachingCredentials { credential { name holders { totalCount } } } } }
  sharedTrainingBases { edges { node { name } organisations { organisation { name trainers { totalCount } } } } }
  collaborations(organisationId: $me) { organisation { name courses { edges { node { code } } } } links { via { id } } }
  collaborationNetwork { nodes { organisation { name } } edges { source } }
  connectionPath(fromId: $me, toId: $other) { paths { steps { node { id } } } }
  coverage(provinces: ["Beijing"]) { gaps { profession { name } } }
  ecosystemStats { nodeCount network { largestComponent } }
}"""


async def test_seven_questions_seven_statements(
    app: Starlette, client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    registry = app.state.metrics.registry

    def statements() -> float:
        return (
            registry.get_sample_value("ecosystem_neo4j_query_seconds_count", {"mode": "read"}) or 0
        )

    before = statements()
    data = await ask(client, ALL, me=gid("Organisation", "ME"), other=gid("Organisation", "MOCD"))
    assert statements() - before == 7
    assert data["collaborations"][0]["organisation"]["courses"]["edges"]
    assert data["ecosystemStats"]["network"]["largestComponent"] == 5
