"""dualQualifiedTrainers on a hand-built graph whose answers were worked out by hand."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import pytest

from ecosystem.graph import derived
from ecosystem.graph.database import Database
from tests.support.graphs import ask, build, gid

NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "E": ("Organisation", {"name": "Enterprise E", "kind": "ENTERPRISE", "province": "Beijing"}),
    "S": (
        "Organisation",
        {"name": "College S", "kind": "VOCATIONAL_COLLEGE", "province": "Shanghai"},
    ),
    "U": ("Organisation", {"name": "Unit U of S", "kind": "VOCATIONAL_COLLEGE"}),
    "T1": ("Credential", {"name": "Teacher qualification", "category": "TEACHING"}),
    "T2": ("Credential", {"name": "College teacher qualification", "category": "TEACHING"}),
    "V3": (
        "Credential",
        {"name": "Infant care worker L3", "category": "VOCATIONAL_SKILL", "level": 3},
    ),
    "X": ("Credential", {"name": "Five years in home care", "category": "INDUSTRY_EXPERIENCE"}),
    "PTi": (
        "Credential",
        {
            "name": "Senior home-service manager",
            "category": "PROFESSIONAL_TITLE",
            "fromIndustry": True,
        },
    ),
    "PTe": (
        "Credential",
        {"name": "Associate professor", "category": "PROFESSIONAL_TITLE", "fromIndustry": False},
    ),
    "P1": ("Profession", {"name": "Infant care worker"}),
    "alice": ("Trainer", {"name": "Alice"}),
    "bob": ("Trainer", {"name": "Bob"}),
    "carol": ("Trainer", {"name": "Carol"}),
    "dave": ("Trainer", {"name": "Dave"}),
    "erin": ("Trainer", {"name": "Erin"}),
    "fay": ("Trainer", {"name": "Fay"}),
}
D = datetime.date
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("U", "PART_OF", "S", {}),
    ("V3", "CERTIFIES", "P1", {}),
    ("alice", "HOLDS", "T1", {}),
    ("alice", "HOLDS", "V3", {"level": 2}),
    ("alice", "AFFILIATED_WITH", "E", {"type": "RECIPROCAL_HIRE", "since": D(2021, 1, 1)}),
    ("alice", "AFFILIATED_WITH", "S", {"type": "FULL_TIME", "since": D(2018, 9, 1)}),
    ("bob", "HOLDS", "T1", {}),
    ("bob", "HOLDS", "T2", {}),  # two TEACHING, no industry
    ("carol", "HOLDS", "T1", {}),
    ("carol", "HOLDS", "PTi", {}),
    ("carol", "AFFILIATED_WITH", "E", {"type": "FULL_TIME", "since": D(2020, 1, 1)}),
    (
        "carol",
        "AFFILIATED_WITH",
        "S",
        {"type": "PART_TIME", "since": D(2015, 1, 1), "until": D(2020, 6, 30)},
    ),
    ("dave", "HOLDS", "T2", {}),
    ("dave", "HOLDS", "PTe", {}),  # a title from education
    ("erin", "HOLDS", "X", {}),  # industry only
    ("fay", "HOLDS", "T2", {}),
    ("fay", "HOLDS", "X", {}),
    ("fay", "AFFILIATED_WITH", "U", {"type": "VISITING"}),
]

QUERY = """query($where: DualQualifiedWhere, $asOf: Date, $first: Int, $after: String) {
  dualQualifiedTrainers(where: $where, asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { name } reciprocalHire
      teachingCredentials { credential { name } level }
      industryCredentials { credential { name category } level }
      enterprises { name } schools { name } } } }"""


@pytest.fixture
async def dq(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def names(client: httpx.AsyncClient, **variables: Any) -> list[str]:
    data = await ask(client, QUERY, **variables)
    return [e["node"]["name"] for e in data["dualQualifiedTrainers"]["edges"]]


async def test_definition(client: httpx.AsyncClient, dq: Database) -> None:
    data = await ask(client, QUERY)
    connection = data["dualQualifiedTrainers"]
    assert connection["totalCount"] == 3
    # bob: two TEACHING and no industry; dave: a title from education; erin: industry only.
    assert [e["node"]["name"] for e in connection["edges"]] == ["Alice", "Carol", "Fay"]


async def test_each_hit_says_why(client: httpx.AsyncClient, dq: Database) -> None:
    edges = (await ask(client, QUERY))["dualQualifiedTrainers"]["edges"]
    alice, carol, fay = edges
    assert alice["teachingCredentials"] == [
        {"credential": {"name": "Teacher qualification"}, "level": None}
    ]
    assert alice["industryCredentials"] == [
        {
            "credential": {"name": "Infant care worker L3", "category": "VOCATIONAL_SKILL"},
            "level": 2,
        }
    ]
    assert alice["reciprocalHire"] is True
    assert (alice["enterprises"], alice["schools"]) == (
        [{"name": "Enterprise E"}],
        [{"name": "College S"}],
    )
    assert carol["industryCredentials"][0]["credential"]["category"] == "PROFESSIONAL_TITLE"
    assert carol["reciprocalHire"] is False  # her college affiliation ended in 2020
    assert carol["schools"] == []
    assert fay["reciprocalHire"] is False  # a school only


async def test_as_of_a_past_day(client: httpx.AsyncClient, dq: Database) -> None:
    edges = (await ask(client, QUERY, asOf="2020-03-01"))["dualQualifiedTrainers"]["edges"]
    reciprocal = {e["node"]["name"]: e["reciprocalHire"] for e in edges}
    # In March 2020 Carol was at E and still at S; Alice had not joined E yet.
    assert reciprocal == {"Alice": False, "Carol": True, "Fay": False}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"organisationId": gid("Organisation", "S")}, ["Alice", "Fay"]),  # Fay through unit U
        ({"organisationKind": "ENTERPRISE"}, ["Alice", "Carol"]),
        ({"province": "Shanghai"}, ["Alice"]),  # Carol's Shanghai affiliation has ended
        ({"professionId": gid("Profession", "P1")}, ["Alice"]),
        ({"credentialLevel": 2}, ["Alice"]),
        ({"credentialLevel": 1}, []),
        ({"reciprocalHireOnly": True}, ["Alice"]),
        ({"organisationKind": "ENTERPRISE", "reciprocalHireOnly": True}, ["Alice"]),
    ],
)
async def test_filters(
    client: httpx.AsyncClient, dq: Database, where: dict[str, Any], expected: list[str]
) -> None:
    assert await names(client, where=where) == expected


async def test_pages_with_keyset_cursors(client: httpx.AsyncClient, dq: Database) -> None:
    seen, after = [], None
    while True:
        page = (await ask(client, QUERY, first=1, after=after))["dualQualifiedTrainers"]
        seen += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["Alice", "Carol", "Fay"]


async def test_page_info_without_a_cursor_is_an_object(
    client: httpx.AsyncClient, dq: Database
) -> None:
    # It came back as one base64 cursor string when no *Cursor field was selected.
    query = """{ dualQualifiedTrainers(first: 1) { pageInfo { hasNextPage hasPreviousPage } }
        sharedTrainingBases(first: 1) { pageInfo { hasNextPage } } }"""
    data = await ask(client, query)
    assert data["dualQualifiedTrainers"]["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
    }
    assert data["sharedTrainingBases"]["pageInfo"] == {"hasNextPage": False}


async def test_wrong_id_type_is_a_coded_error(client: httpx.AsyncClient, dq: Database) -> None:
    response = await client.post(
        "/graphql",
        json={"query": QUERY, "variables": {"where": {"organisationId": gid("Trainer", "alice")}}},
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["extensions"]["argument"] == "dualQualifiedTrainers.where.organisationId"


async def test_organisation_filters_describe_one_affiliation(
    client: httpx.AsyncClient, dq: Database
) -> None:
    # Alice works at Enterprise E (Beijing) and College S (Shanghai): no Shanghai enterprise.
    assert (
        await names(client, where={"organisationKind": "ENTERPRISE", "province": "Shanghai"}) == []
    )
    assert await names(client, where={"organisationKind": "ENTERPRISE", "province": "Beijing"}) == [
        "Alice",
        "Carol",
    ]


# Six more dual-qualified trainers at Enterprise E since 2022 (one of them sample data): 8 at
# work in Beijing today, of 12 trainers.
CROWD = {f"g{i}": ("Trainer", {"name": f"G{i}"}) for i in range(1, 7)}
CROWD["g6"][1]["source"] = "synthetic"
CROWD_LINKS = [
    (g, type_, end, props)
    for g in CROWD
    for type_, end, props in (
        ("HOLDS", "T1", {}),
        ("HOLDS", "X", {}),
        ("AFFILIATED_WITH", "E", {"type": "FULL_TIME", "since": D(2022, 1, 1)}),
    )
]
BEIJING = {"province": "Beijing"}
PAGE = """query($where: DualQualifiedWhere, $asOf: Date, $first: Int, $after: String,
    $sample: Boolean) {
  dualQualifiedTrainers(where: $where, asOf: $asOf, first: $first, after: $after,
    includeSample: $sample) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }"""


@pytest.fixture
async def crowded(graph: Database) -> Database:
    await build(graph, {**NODES, **CROWD}, LINKS + CROWD_LINKS)
    return graph


async def pages(client: httpx.AsyncClient, first: int, **variables: Any) -> tuple[list[str], int]:
    """Every trainer, a page of `first` at a time, and the totalCount each page gave."""
    seen, counts, after = [], set(), None
    while True:
        page = (await ask(client, PAGE, first=first, after=after, **variables))[
            "dualQualifiedTrainers"
        ]
        seen += [e["node"]["name"] for e in page["edges"]]
        counts.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            (count,) = counts
            return seen, count
        after = page["pageInfo"]["endCursor"]


async def test_a_province_is_counted_from_its_kept_cell_and_paged_either_way(
    client: httpx.AsyncClient, crowded: Database
) -> None:
    """A province alone reads its count kept by the writes, and chooses by it how to find a
    page: pages of 1 walk the trainers' name index (8² > 1 × 12 trainers), pages of 20 start
    from Beijing's organisations (8² < 20 × 12). Both give the same trainers, in order."""
    everyone = ["Alice", "Carol", "G1", "G2", "G3", "G4", "G5", "G6"]
    assert await pages(client, 20, where=BEIJING, sample=True) == (everyone, 8)
    assert await pages(client, 1, where=BEIJING, sample=True) == (everyone, 8)
    assert await pages(client, 1, where=BEIJING, sample=False) == (everyone[:-1], 7)
    assert await pages(client, 3, where=BEIJING, sample=False) == (everyone[:-1], 7)
    # On a past day the kept count is read on that day: Carol alone was at E in March 2020.
    assert await pages(client, 1, where=BEIJING, sample=True, asOf="2020-03-01") == (["Carol"], 1)
    assert await pages(client, 1, where={"province": "Tibet"}, sample=True) == ([], 0)


async def test_writes_keep_a_provinces_count(client: httpx.AsyncClient, crowded: Database) -> None:
    """Fay (dual-qualified, at a Shanghai unit) joins Enterprise E through the API: Beijing
    counts her at once, both ways, and `derive --check` finds nothing to repair."""
    await ask(
        client,
        """mutation($t: ID!, $o: ID!) {
          linkAffiliatedWith(fromId: $t, toId: $o, input: {type: PART_TIME}) { cursor } }""",
        t=gid("Trainer", "fay"),
        o=gid("Organisation", "E"),
    )
    for first in (1, 20):
        found, count = await pages(client, first, where=BEIJING, sample=True)
        assert (count, found[2]) == (9, "Fay")
    assert await derived.check(crowded) == []


async def test_every_dual_qualified_trainer_is_counted_from_the_counters(
    client: httpx.AsyncClient, crowded: Database
) -> None:
    """No filter: the count kept on the counters (less the sample's own), pages in name order
    from the name index; Bob, Dave and Erin are not dual-qualified on any day."""
    everyone = ["Alice", "Carol", "Fay", "G1", "G2", "G3", "G4", "G5", "G6"]
    assert await pages(client, 2, sample=True) == (everyone, 9)
    assert await pages(client, 4, sample=False) == (everyone[:-1], 8)
    assert await pages(client, 20, sample=True, asOf="2020-03-01") == (everyone, 9)
