"""Exports read back: GraphML and JSON through networkx, CSV in neo4j-admin's layout."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import networkx as nx

from ecosystem.graph.database import Database
from ecosystem.graph.derived.aggregates import channel_property
from ecosystem.graph.export import derived as export_derived
from tests.support.graphs import ask, gid
from tests.support.processes import cli
from tests.support.worked import COVERAGE_LINKS as LINKS
from tests.support.worked import COVERAGE_NODES as NODES

ECOSYSTEM = str(Path(sys.executable).with_name("ecosystem"))


async def download(client: httpx.AsyncClient, path: str) -> httpx.Response:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return response


def check_round_trip(graph: nx.MultiDiGraph, provenance: str = "source") -> None:
    assert graph.number_of_nodes() == len(NODES)
    assert graph.number_of_edges() == len(LINKS)
    course = graph.nodes[gid("Course", "C1")]
    assert (course["nodeType"], course["code"], course[provenance]) == ("Course", "C1", "test")
    edge_types = sorted(d["relationshipType"] for _, _, d in graph.edges(data=True))
    assert edge_types == sorted(t for _, t, _, _ in LINKS)
    affiliations = [d["type"] for _, _, d in graph.edges(data=True) if "type" in d]
    assert sorted(affiliations) == ["FULL_TIME", "FULL_TIME", "FULL_TIME", "PART_TIME"]
    ended = [d for _, _, d in graph.edges(data=True) if d.get("until")]
    assert [d["until"] for d in ended] == ["2020-01-01"]


async def test_graphml_round_trip_with_typed_attributes(
    client: httpx.AsyncClient, coverage_graph: Database
) -> None:
    response = await download(client, "/export/graphml")
    assert response.headers["content-type"].startswith("application/graphml+xml")
    assert response.headers["x-export-nodes"] == str(len(NODES))
    graph = nx.read_graphml(io.BytesIO(response.content))
    check_round_trip(graph)
    # Typed keys: a boolean stays a boolean, and Chinese text survives.
    keys = response.text.split("<graph ")[0]
    assert (
        '<key id="n_fromIndustry" for="node" attr.name="fromIndustry" attr.type="boolean"/>' in keys
    )
    assert '<key id="n_hours" for="node" attr.name="hours" attr.type="long"/>' in keys


async def test_json_is_node_link(client: httpx.AsyncClient, coverage_graph: Database) -> None:
    response = await download(client, "/export/json")
    graph = nx.node_link_graph(response.json(), edges="links")
    check_round_trip(graph, provenance="dataSource")


async def test_csv_in_the_neo4j_admin_layout(
    client: httpx.AsyncClient, coverage_graph: Database
) -> None:
    nodes = list(csv.reader(io.StringIO((await download(client, "/export/csv")).text)))
    rels = list(
        csv.reader(io.StringIO((await download(client, "/export/csv?part=relationships")).text))
    )
    assert nodes[0][:2] == ["id:ID", ":LABEL"]
    assert "updatedAt:datetime" in nodes[0]
    assert "hours:long" in nodes[0]
    assert rels[0][:4] == [":START_ID", ":END_ID", ":TYPE", "id"]
    assert "until:date" in rels[0]
    assert len(nodes) - 1 == len(NODES)
    assert len(rels) - 1 == len(LINKS)
    ids = {row[0] for row in nodes[1:]}
    assert all(row[0] in ids for row in rels[1:])
    assert all(row[1] in ids for row in rels[1:])


async def test_filters_and_refusals(client: httpx.AsyncClient, coverage_graph: Database) -> None:
    only = await download(client, "/export/json?labels=Profession,Course")
    data = only.json()
    assert {n["nodeType"] for n in data["nodes"]} == {"Profession", "Course"}
    assert {link["relationshipType"] for link in data["links"]} == {"PREPARES_FOR"}
    assert (await client.get("/export/pdf")).status_code == 404
    bad = await client.get("/export/json?labels=Spaceship")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_INPUT"


async def test_cli_writes_the_same_files(coverage_graph: Database, tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    done = subprocess.run(
        [ECOSYSTEM, "export", "--format", "graphml", "--out", str(target)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    check_round_trip(nx.read_graphml(target))
    folder = tmp_path / "csv"
    subprocess.run(
        [
            ECOSYSTEM,
            "export",
            "--format",
            "csv",
            "--out",
            str(folder),
            "--where",
            '{"labels": ["Course", "Profession"]}',
        ],
        check=True,
        timeout=120,
    )
    assert (folder / "nodes.csv").read_text().count(
        "\n"
    ) == 1 + 4  # header, 2 courses, 2 professions
    refused = subprocess.run(
        [ECOSYSTEM, "export", "--format", "pdf"], capture_output=True, text=True, check=False
    )
    assert refused.returncode == 1


NETWORK = (
    """{ collaborationNetwork { edges { source target strength channels { channel count } } } }"""
)
DUAL = "{ dualQualifiedTrainers(first: 100) { edges { node { name } } } }"
CHANNELS = {c.value: channel_property(c) for c in export_derived.CHANNELS}


async def test_derived_facts_only_when_asked_and_as_the_questions_read_them(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    plain = (await download(client, "/export/json")).json()
    assert "COLLABORATES" not in {link["relationshipType"] for link in plain["links"]}
    assert not any("reciprocalHire" in n or "sharedBy" in n for n in plain["nodes"])
    response = await download(client, "/export/json?derived=true")
    data = response.json()
    names = {n["id"]: n.get("name") for n in data["nodes"]}
    exported = {
        frozenset({names[link["source"]], names[link["target"]]}): link
        for link in data["links"]
        if link["relationshipType"] == "COLLABORATES"
    }
    asked = (await ask(client, NETWORK))["collaborationNetwork"]["edges"]
    edges = {frozenset({names[e["source"]], names[e["target"]]}): e for e in asked}
    assert exported.keys() == edges.keys()
    assert len(exported) == 5  # (Open U, Enterprise Two)'s shared trainer left in 2019
    for pair, link in exported.items():
        assert link["strength"] == edges[pair]["strength"]
        counts = {c["channel"]: c["count"] for c in edges[pair]["channels"]}
        assert {ch: link[p] for ch, p in CHANNELS.items() if link[p]} == counts
        assert link["dataSource"] == "derived"
    assert response.headers["x-export-relationships"] == str(len(data["links"]))
    trainers = {n["name"]: n for n in data["nodes"] if n["nodeType"] == "Trainer"}
    assert trainers["Shared trainer"]["reciprocalHire"] is True  # a reciprocal hire, open
    assert trainers["Former colleague"]["reciprocalHire"] is False
    (base,) = (n for n in data["nodes"] if n["nodeType"] == "TrainingBase")
    assert (base["sharedBy"], base["crossSector"]) == (2, True)  # an enterprise and a school
    graphml = await download(client, "/export/graphml?derived=true")
    typed = nx.read_graphml(io.BytesIO(graphml.content))
    kinds = [d["relationshipType"] for *_, d in typed.edges(data=True)]
    assert kinds.count("COLLABORATES") == 5
    assert (
        '<key id="e_strength" for="edge" attr.name="strength" attr.type="double"/>' in graphml.text
    )
    refused = await client.get("/export/json?derived=yes")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_INPUT"


async def test_derived_dual_qualification_is_the_questions(
    client: httpx.AsyncClient, coverage_graph: Database, tmp_path: Path
) -> None:
    target = tmp_path / "graph.json"
    where = '{"labels": ["Trainer"], "derived": true}'
    done = cli("export", "--format", "json", "--out", str(target), "--where", where)
    assert done.returncode == 0, done.stderr
    nodes = json.loads(target.read_text(encoding="utf-8"))["nodes"]
    dual = {n["name"] for n in nodes if n["dualQualified"]}
    asked = await ask(client, DUAL)
    assert dual == {e["node"]["name"] for e in asked["dualQualifiedTrainers"]["edges"]}
    assert len(dual) >= 2
    assert "Not dual-qualified" not in dual
    # Derived facts are never written back: an import names them as what it refuses.
    refused = cli("import", "--dry-run", str(target))
    assert refused.returncode == 1
    assert "dualQualified: Trainer has no property 'dualQualified'" in refused.stderr
