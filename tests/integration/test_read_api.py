"""The read API over HTTP on a real Neo4j, on small graphs built by hand."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ecosystem.domain import ECOSYSTEM, NodeType, Scalar
from ecosystem.graph.database import Database

NAMESPACE = uuid.UUID("6f1c2f4e-0000-4000-8000-000000000000")
PROVINCES = ["Beijing", None, "Shanghai", "Beijing", "Guangdong", None, "Zhejiang", "Beijing"]
KINDS = ["ENTERPRISE", "VOCATIONAL_COLLEGE", "OPEN_UNIVERSITY"]


def uid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


async def gql(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def organisations(graph: Database) -> list[dict[str, Any]]:
    rows = [
        {
            "id": uid(f"org{i}"),
            "name": f"Org {i:02d}",
            "province": PROVINCES[i % len(PROVINCES)],
            "kind": KINDS[i % len(KINDS)],
        }
        for i in range(23)
    ]
    await graph.write(
        "UNWIND $rows AS row CREATE (o:Organisation) SET o = row, o.source = 'test', "
        "o.updatedAt = datetime()",
        {"rows": rows},
    )
    return rows


async def page_through(
    client: httpx.AsyncClient, args: str, first: int = 7
) -> tuple[list[str], int]:
    seen: list[str] = []
    after = None
    total = -1
    while True:
        body = await gql(
            client,
            f"""query($after: String) {{
            organisations({args} first: {first}, after: $after) {{
                totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ id }} }} }} }}""",
            after=after,
        )
        connection = body["data"]["organisations"]
        total = connection["totalCount"]
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        if connection["edges"]:
            assert connection["pageInfo"]["endCursor"] == connection["edges"][-1]["cursor"]
        if not connection["pageInfo"]["hasNextPage"]:
            return seen, total
        after = connection["pageInfo"]["endCursor"]


async def test_paging_visits_every_organisation_once(
    client: httpx.AsyncClient, organisations: list[dict[str, Any]]
) -> None:
    seen, total = await page_through(client, "")
    assert total == len(organisations) == 23
    assert sorted(seen) == sorted(f"Organisation:{o['id']}" for o in organisations)


@pytest.mark.parametrize(
    "order",
    [
        "[{province: ASC}, {name: DESC}]",
        "[{province: DESC}, {kind: ASC}]",
        "[{kind: DESC}, {province: ASC}, {name: ASC}]",
        "[{updatedAt: DESC}]",  # one timestamp for all: ties on a date-time (zone vs offset)
    ],
)
async def test_filtered_multi_key_paging_is_exact(
    client: httpx.AsyncClient, organisations: list[dict[str, Any]], order: str
) -> None:
    where = "where: {kind: {in: [ENTERPRISE, OPEN_UNIVERSITY]}},"
    seen, total = await page_through(client, f"{where} orderBy: {order},", first=3)
    expected = [o for o in organisations if o["kind"] in ("ENTERPRISE", "OPEN_UNIVERSITY")]
    assert total == len(expected)
    assert len(seen) == len(set(seen)) == total  # nulls included, nothing twice
    whole = await gql(
        client,
        f"{{ organisations({where} orderBy: {order}, first: 100) "
        "{ edges { node { id } } } }",
    )
    assert seen == [e["node"]["id"] for e in whole["data"]["organisations"]["edges"]]


def in_order(rows: list[dict[str, Any]], keys: list[tuple[str, bool]]) -> list[str]:
    """Ids as Neo4j orders the rows: nulls last ascending, first descending; ties by id."""

    def compare(a: dict[str, Any], b: dict[str, Any]) -> int:
        for name, descending in [*keys, ("id", False)]:
            x, y = a.get(name), b.get(name)
            if x == y:
                continue
            if x is None or y is None:
                return 1 if (x is None) != descending else -1
            return (1 if x > y else -1) * (-1 if descending else 1)
        return 0

    return [f"Organisation:{r['id']}" for r in sorted(rows, key=functools.cmp_to_key(compare))]


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize(
    "kinds",
    [
        None,  # no filter: the province index walked, then the organisations without one
        ["ENTERPRISE", "OPEN_UNIVERSITY"],  # 15 of 23: many, walked (15² ≥ 6 × 23)
        ["OPEN_UNIVERSITY"],  # 7 of 23: too few, found by `kind` (7² < 3 × 23)
    ],
)
@pytest.mark.parametrize("first", [2, 5])
async def test_walked_pages_follow_the_order_across_the_missing_keys(
    client: httpx.AsyncClient,
    organisations: list[dict[str, Any]],
    descending: bool,
    kinds: list[str] | None,
    first: int,
) -> None:
    """A page ordered by an optional indexed key (compiler/walking.py): its index walked, the
    nodes without it read before or after, a cursor in either part; with a filter an index
    answers, walked or not as the count decides. Every way gives Neo4j's order exactly."""
    direction = "DESC" if descending else "ASC"
    where = f"where: {{kind: {{in: [{', '.join(kinds)}]}}}}," if kinds else ""
    order = f"orderBy: [{{province: {direction}}}, {{name: DESC}}],"
    seen, total = await page_through(client, f"{where} {order}", first=first)
    matching = [o for o in organisations if kinds is None or o["kind"] in kinds]
    assert total == len(matching)
    assert seen == in_order(matching, [("province", descending), ("name", True)])


@pytest.mark.parametrize(
    ("where", "wanted"),
    [
        ("{province: {isNull: true}}", lambda p: p is None),
        ('{province: {in: ["Beijing", "Zhejiang"]}}', lambda p: p in ("Beijing", "Zhejiang")),
        (
            '{OR: [{province: {isNull: true}}, {province: {startsWith: "S"}}]}',
            lambda p: p is None or p.startswith("S"),
        ),
    ],
)
async def test_walked_pages_beside_a_filter_on_their_own_key(
    client: httpx.AsyncClient,
    organisations: list[dict[str, Any]],
    where: str,
    wanted: Callable[[str | None], bool],
) -> None:
    seen, total = await page_through(client, f"where: {where}, orderBy: [{{province: ASC}}],", 3)
    matching = [o for o in organisations if wanted(o["province"])]
    assert total == len(matching)
    assert seen == in_order(matching, [("province", False)])


async def test_nulls_sort_last_ascending(
    client: httpx.AsyncClient, organisations: list[dict[str, Any]]
) -> None:
    body = await gql(
        client,
        "{ organisations(orderBy: [{province: ASC}], first: 100) { edges { node { province } } } }",
    )
    provinces = [e["node"]["province"] for e in body["data"]["organisations"]["edges"]]
    known = [p for p in provinces if p is not None]
    assert provinces == known + [None] * (len(provinces) - len(known))
    assert known == sorted(known)


async def test_page_size_is_limited_with_a_coded_error(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ organisations(first: 1000) { totalCount } }")
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_INPUT",
        "argument": "organisations.first",
        "expected": "0 to 100",
    }
    assert error["path"] == ["organisations"]


async def test_node_lookup_follows_relay(
    client: httpx.AsyncClient, organisations: list[dict[str, Any]]
) -> None:
    known = f"Organisation:{organisations[0]['id']}"
    missing = f"Trainer:{uid('nobody')}"
    body = await gql(
        client,
        """query($a: ID!, $b: ID!) {
        node(id: $a) { id __typename ... on Organisation { name } }
        nodes(ids: [$b, $a]) { id } }""",
        a=known,
        b=missing,
    )
    assert body["data"] == {
        "node": {"id": known, "__typename": "Organisation", "name": "Org 00"},
        "nodes": [None, {"id": known}],
    }
    bad = await gql(client, '{ node(id: "42") { id } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_INPUT"


async def test_three_root_fields_three_levels_deep_send_three_statements(
    app: Starlette, client: httpx.AsyncClient, graph: Database
) -> None:
    await graph.write(
        "CREATE (t:Trainer {id: $t, name: 'Wang Lihua', source: 'test', updatedAt: datetime()})"
        "-[:AFFILIATED_WITH {id: $a, type: 'FULL_TIME', source: 'test', updatedAt: datetime()}]->"
        "(o:Organisation {id: $o, name: 'OUC', kind: 'OPEN_UNIVERSITY', source: 'test', "
        "updatedAt: datetime()})",
        {"t": uid("t"), "a": uid("a"), "o": uid("o")},
    )
    registry = app.state.metrics.registry

    def statements() -> float:
        return (
            registry.get_sample_value("ecosystem_neo4j_query_seconds_count", {"mode": "read"}) or 0
        )

    before = statements()
    body = await gql(
        client,
        """{
        a: organisations { edges { node { trainers { edges { node { affiliations {
            totalCount edges { type node { name } } } } } } } } }
        b: trainers { edges { node { affiliations { edges { node { trainers { totalCount } } } } } } }
        c: organisations(where: {trainers: {some: {node: {name: {eq: "Wang Lihua"}}}}}) {
            edges { node { name trainers { edges { node { name } } } } } }
    }""",
    )
    assert "errors" not in body
    assert statements() - before == 3
    trainer = body["data"]["a"]["edges"][0]["node"]["trainers"]["edges"][0]["node"]
    assert trainer["affiliations"]["edges"] == [{"type": "FULL_TIME", "node": {"name": "OUC"}}]
    assert body["data"]["c"]["edges"][0]["node"]["name"] == "OUC"


async def test_search_ranks_and_escapes(client: httpx.AsyncClient, graph: Database) -> None:
    await graph.write(
        "UNWIND $rows AS row CREATE (o:Organisation) SET o = row, o.source = 'test', "
        "o.updatedAt = datetime(), o.kind = 'OPEN_UNIVERSITY'",
        {
            "rows": [
                {"id": uid("ouc"), "name": "Open University of China", "nameZh": "国家开放大学"},
                {"id": uid("bj"), "name": "Beijing Open University", "nameZh": "北京开放大学"},
                {"id": uid("acme"), "name": "Acme Home Services", "nameZh": "家政服务公司"},
            ]
        },
    )
    await graph.await_search_index()
    body = await gql(
        client,
        """{ zh: search(text: "国家开放大学") { node { id } }
        en: search(text: "open university of china", kinds: [ORGANISATION]) { score node { id } }
        odd: search(text: "AND (\\"家政*: ~[") { node { id } } }""",
    )
    assert "errors" not in body, body
    assert body["data"]["zh"][0]["node"]["id"] == f"Organisation:{uid('ouc')}"
    assert body["data"]["en"][0]["node"]["id"] == f"Organisation:{uid('ouc')}"
    assert body["data"]["odd"][0]["node"]["id"] == f"Organisation:{uid('acme')}"


async def test_search_ranks_ties_among_every_hit(
    client: httpx.AsyncClient, graph: Database
) -> None:
    """Lucene's best hundred hits set a floor under which no hit is shown (cypher.py
    `_search_floor`): hits tied at the floor are still all ranked by source, degree and id,
    and a filter that leaves too few of the hundred still finds what it wants."""
    best = [
        {"id": uid(f"best{i}"), "nameZh": "开放大学", "source": "test" if i % 2 else "synthetic"}
        for i in range(10)
    ]
    tied = [  # equally relevant: one name length, each with the four characters once
        {"id": uid(f"tied{i}"), "nameZh": chr(0x4E00 + 2 * i) + chr(0x4E01 + 2 * i) + "开放大学",
         "source": "synthetic" if i % 3 == 0 else "test", "degree": i % 5}
        for i in range(120)
    ]  # fmt: skip
    bases = [
        {"id": uid(f"base{i}"), "name": f"Base {i}", "nameZh": "某地某县开放大学实训基地"}
        for i in range(3)
    ]
    await graph.write(
        "CREATE (hub:Organisation {id: $hub, name: 'Hub', kind: 'ENTERPRISE', source: 'test', "
        "updatedAt: datetime()}) "
        "WITH hub UNWIND $orgs AS row CREATE (o:Organisation) "
        "SET o.id = row.id, o.nameZh = row.nameZh, o.name = 'Org', o.source = row.source, "
        "o.kind = 'OPEN_UNIVERSITY', o.updatedAt = datetime() "
        "WITH hub, o, row UNWIND range(1, coalesce(row.degree, 0)) AS link "
        "CREATE (o)-[:MEMBER_OF {id: randomUUID(), source: 'test', updatedAt: datetime()}]->(hub)",
        {"hub": uid("hub"), "orgs": best + tied},
    )
    await graph.write(
        "UNWIND $rows AS row CREATE (b:TrainingBase) SET b = row, "
        "b.source = 'test', b.updatedAt = datetime()",
        {"rows": bases},
    )
    await graph.await_search_index()

    def ranked(rows: list[dict[str, Any]]) -> list[str]:
        keys = sorted(
            rows, key=lambda r: (r["source"] == "synthetic", -r.get("degree", 0), r["id"])
        )
        return [f"Organisation:{r['id']}" for r in keys]

    body = await gql(
        client,
        """{ all: search(text: "开放大学", first: 15) { score node { id } }
        real: search(text: "开放大学", first: 15, includeSample: false) { node { id } }
        bases: search(text: "开放大学", kinds: [TRAINING_BASE], first: 3) { node { id } } }""",
    )
    assert "errors" not in body, body
    hits = body["data"]["all"]
    scores = [hit["score"] for hit in hits]
    assert scores[0] == scores[9] > scores[10] == scores[14]  # the floor falls among the tied
    assert [hit["node"]["id"] for hit in hits] == ranked(best) + ranked(tied)[:5]
    documented = [r for r in best + tied if r["source"] == "test"]
    assert [hit["node"]["id"] for hit in body["data"]["real"]] == (
        ranked([r for r in best if r in documented]) + ranked(documented[5:])[:10]
    )
    assert sorted(hit["node"]["id"] for hit in body["data"]["bases"]) == sorted(
        f"TrainingBase:{b['id']}" for b in bases
    )


def minimal(node: NodeType, tag: str) -> dict[str, Any]:
    """Required properties of a node type, filled with plain values."""
    values: dict[str, Any] = {"id": uid(f"{node.name}-{tag}"), "source": "test"}
    for prop in node.properties:
        if prop.required and prop.name not in values and prop.type is not Scalar.DATETIME:
            values[prop.name] = prop.type.values[0] if prop.is_enum else f"{node.name} {tag}"  # type: ignore[union-attr]
    return values


@pytest.mark.parametrize("rel", ECOSYSTEM.relationships, ids=lambda r: r.type)
async def test_every_relationship_is_navigable_from_both_ends(
    client: httpx.AsyncClient, graph: Database, rel: Any
) -> None:
    source, target = ECOSYSTEM.node(rel.source), ECOSYSTEM.node(rel.target)
    a, b = minimal(source, "a"), minimal(target, "b")
    edge_id = uid(f"{rel.type}-edge")
    await graph.write(
        f"CREATE (a:{source.label}) SET a = $a, a.updatedAt = datetime() "
        f"CREATE (b:{target.label}) SET b = $b, b.updatedAt = datetime() "
        f"CREATE (a)-[r:{rel.type} {{id: $r, source: 'test', updatedAt: datetime()}}]->(b)",
        {"a": a, "b": b, "r": edge_id},
    )
    ends = ((source, a, target, b, rel.source_field), (target, b, source, a, rel.target_field))
    for here, home, other, there, field in ends:
        body = await gql(
            client,
            f"""query($id: ID!) {{ node(id: $id) {{ ... on {here.name} {{
            {field} {{ totalCount edges {{ id source node {{ id }} }} }} }} }} }}""",
            id=f"{here.name}:{home['id']}",
        )
        assert body["data"]["node"][field] == {
            "totalCount": 1,
            "edges": [
                {
                    "id": f"{rel.type}:{edge_id}",
                    "source": "test",
                    "node": {"id": f"{other.name}:{there['id']}"},
                }
            ],
        }


async def test_graphql_response_media_type(client: httpx.AsyncClient) -> None:
    accept = {"accept": "application/graphql-response+json"}
    ok = await client.post("/graphql", json={"query": "{ version }"}, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await client.post("/graphql", json={"query": "{ nope }"}, headers=accept)
    assert invalid.status_code == 400
    assert "data" not in invalid.json()
    legacy = await client.post("/graphql", json={"query": "{ nope }"})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")


async def test_keys_follow_the_selection_order(
    client: httpx.AsyncClient, organisations: list[dict[str, Any]]
) -> None:
    body = await gql(
        client,
        """{ organisations(first: 1) {
        pageInfo { endCursor hasNextPage } totalCount
        edges { node { province z: name kind id __typename } cursor } } }""",
    )
    connection = body["data"]["organisations"]
    assert list(connection) == ["pageInfo", "totalCount", "edges"]
    assert list(connection["pageInfo"]) == ["endCursor", "hasNextPage"]
    assert list(connection["edges"][0]) == ["node", "cursor"]
    assert list(connection["edges"][0]["node"]) == ["province", "z", "kind", "id", "__typename"]


async def test_equal_matches_put_documented_facts_first(
    client: httpx.AsyncClient, graph: Database
) -> None:
    await graph.write(
        "CREATE (a:Organisation {id: $a, name: 'Guangzhou Open University', nameZh: '广州开放大学', "
        "kind: 'OPEN_UNIVERSITY', source: 'synthetic', updatedAt: datetime()}) "
        "CREATE (b:Organisation {id: $b, name: 'Open University of China', nameZh: '国家开放大学', "
        "kind: 'OPEN_UNIVERSITY', source: 'OUC news', updatedAt: datetime()}) "
        "CREATE (a)-[:PART_OF {id: $r, source: 'synthetic', updatedAt: datetime()}]->"
        "(:Organisation {id: $c, name: 'x', kind: 'ENTERPRISE', source: 'synthetic', updatedAt: datetime()})",
        {"a": uid("gz"), "b": uid("ouc2"), "c": uid("x"), "r": uid("r")},
    )
    await graph.await_search_index()
    body = await gql(client, '{ search(text: "开放大学", first: 2) { score node { id } } }')
    first, second = body["data"]["search"]
    assert first["score"] == second["score"]  # the same two bigrams in names of one length
    assert first["node"]["id"] == f"Organisation:{uid('ouc2')}"  # documented beats synthetic
