"""collaborations on a hand-built graph whose answers were worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from ecosystem.graph.database import Database
from tests.support.graphs import ask, build, gid

QUERY = """query($id: ID!, $channels: [CollaborationChannel!], $weights: [ChannelWeight!],
                 $units: Boolean) {
  collaborations(organisationId: $id, channels: $channels, weights: $weights, includeUnits: $units, first: 20) {
    organisation { name } strength
    links { channel via { __typename ... on Course { code } ... on Organisation { name }
                          ... on Trainer { name } ... on TrainingBase { name }
                          ... on Standard { code } ... on Agreement { title } } } } }"""


async def strengths(client: httpx.AsyncClient, **variables: Any) -> list[tuple[str, float]]:
    data = await ask(client, QUERY, id=gid("Organisation", "ME"), **variables)
    return [(c["organisation"]["name"], round(c["strength"], 6)) for c in data["collaborations"]]


async def test_channels_units_and_default_weights(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    # E1: two courses, a base, the alliance; E2: a standard, a current trainer (the other
    # trainer's tie to E2 ended), the alliance; the ministry's department: the agreement its
    # signatory shares with Open U's centre.
    assert await strengths(client) == [
        ("Enterprise One", 3.1),
        ("Enterprise Two", 2.1),
        ("Ministry Department", 1.0),
    ]


async def test_each_link_names_its_object(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    data = await ask(client, QUERY, id=gid("Organisation", "ME"))
    e1 = data["collaborations"][0]
    assert e1["links"] == [
        {
            "channel": "COMMON_MEMBERSHIP",
            "via": {"__typename": "Organisation", "name": "The Alliance"},
        },
        {"channel": "CO_DEVELOPED_COURSE", "via": {"__typename": "Course", "code": "C2"}},
        {"channel": "CO_DEVELOPED_COURSE", "via": {"__typename": "Course", "code": "C1"}},
        {"channel": "SHARED_BASE", "via": {"__typename": "TrainingBase", "name": "Base One"}},
    ]


async def test_without_units(client: httpx.AsyncClient, collaboration_graph: Database) -> None:
    assert await strengths(client, units=False) == [
        ("Enterprise One", 2.1),
        ("Enterprise Two", 1.1),
    ]


async def test_channel_filter_and_weights(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    assert await strengths(client, channels=["SHARED_TRAINER"]) == [("Enterprise Two", 1.0)]
    weights = [
        {"channel": "COMMON_MEMBERSHIP", "weight": 5},
        {"channel": "SHARED_BASE", "weight": 0},
    ]
    assert await strengths(client, weights=weights) == [
        ("Enterprise One", 7.0),
        ("Enterprise Two", 7.0),
        ("Ministry Department", 1.0),
    ]


async def test_unknown_organisation_is_not_found(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    response = await client.post(
        "/graphql", json={"query": QUERY, "variables": {"id": gid("Organisation", "nobody")}}
    )
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "NOT_FOUND",
        "argument": "collaborations.organisationId",
    }


OVERLAP_NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "X": ("Organisation", {"name": "Parent X", "kind": "OPEN_UNIVERSITY"}),
    "XU": ("Organisation", {"name": "Unit of X", "kind": "OPEN_UNIVERSITY"}),
    "Z": ("Organisation", {"name": "Enterprise Z", "kind": "ENTERPRISE"}),
    "Y": ("Organisation", {"name": "Enterprise Y", "kind": "ENTERPRISE"}),
    "C": ("Course", {"code": "C", "title": "Developed by X, its unit and Z"}),
    "D": ("Course", {"code": "D", "title": "Developed by the unit and Z"}),
    "E": ("Course", {"code": "E", "title": "Developed by X and Y"}),
}
OVERLAP_LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("XU", "PART_OF", "X", {}),
    ("C", "DEVELOPED_BY", "X", {}), ("C", "DEVELOPED_BY", "XU", {}), ("C", "DEVELOPED_BY", "Z", {}),
    ("D", "DEVELOPED_BY", "XU", {}), ("D", "DEVELOPED_BY", "Z", {}),
    ("E", "DEVELOPED_BY", "X", {}), ("E", "DEVELOPED_BY", "Y", {}),
]  # fmt: skip


async def test_an_object_shared_by_the_organisation_and_its_unit_counts_once(
    client: httpx.AsyncClient, graph: Database
) -> None:
    """C links Z to X and to X's unit: two pairs, one course for X with its units (the
    UNITS_OVERLAP correction), so Z has C and D, not C twice; without units, X shares C with
    Z and with its own unit."""
    await build(graph, OVERLAP_NODES, OVERLAP_LINKS)
    x = gid("Organisation", "X")
    with_units = await ask(client, QUERY, id=x)
    assert [(c["organisation"]["name"], c["strength"]) for c in with_units["collaborations"]] == [
        ("Enterprise Z", 2.0),
        ("Enterprise Y", 1.0),
    ]
    assert [link["via"]["code"] for link in with_units["collaborations"][0]["links"]] == ["C", "D"]
    alone = await ask(client, QUERY, id=x, units=False)
    assert [(c["organisation"]["name"], c["strength"]) for c in alone["collaborations"]] == [
        ("Enterprise Y", 1.0),
        ("Enterprise Z", 1.0),
        ("Unit of X", 1.0),  # without units, its unit is one more organisation
    ]


# BIG reaches five objects of each kind but membership, SMALL one of each: BIG's and SMALL's.
SIDES_NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "BIG": ("Organisation", {"name": "Big College", "kind": "VOCATIONAL_COLLEGE"}),
    "SMALL": ("Organisation", {"name": "Small Enterprise", "kind": "ENTERPRISE"}),
    **{f"K{i}": ("Course", {"code": f"K{i}", "title": f"Course {i}"}) for i in range(5)},
    **{f"B{i}": ("TrainingBase", {"name": f"Base {i}"}) for i in range(5)},
    **{f"S{i}": ("Standard", {"code": f"S{i}", "title": f"Standard {i}"}) for i in range(5)},
    **{f"A{i}": ("Agreement", {"title": f"Agreement {i}"}) for i in range(5)},
    **{f"T{i}": ("Trainer", {"name": f"Trainer {i}"}) for i in range(5)},
}
SIDES_LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    *[(f"K{i}", "DEVELOPED_BY", "BIG", {}) for i in range(5)],
    *[(f"B{i}", "OPERATED_BY", "BIG", {}) for i in range(5)],
    *[(f"S{i}", "DRAFTED_BY", "BIG", {}) for i in range(5)],
    *[("BIG", "PARTY_TO", f"A{i}", {}) for i in range(5)],
    *[(f"T{i}", "AFFILIATED_WITH", "BIG", {"type": "FULL_TIME"}) for i in range(5)],
    ("K0", "DEVELOPED_BY", "SMALL", {}), ("B1", "USED_BY", "SMALL", {}),
    ("S2", "DRAFTED_BY", "SMALL", {}), ("SMALL", "PARTY_TO", "A3", {}),
    ("T4", "AFFILIATED_WITH", "SMALL", {"type": "PART_TIME"}),
    ("T0", "AFFILIATED_WITH", "SMALL", {"type": "PART_TIME", "until": date(2019, 12, 31)}),
]  # fmt: skip
SIDES_EXPECTED = [
    {"channel": "COMMON_AGREEMENT", "via": {"__typename": "Agreement", "title": "Agreement 3"}},
    {"channel": "CO_DEVELOPED_COURSE", "via": {"__typename": "Course", "code": "K0"}},
    {"channel": "CO_DRAFTED_STANDARD", "via": {"__typename": "Standard", "code": "S2"}},
    {"channel": "SHARED_BASE", "via": {"__typename": "TrainingBase", "name": "Base 1"}},
    {"channel": "SHARED_TRAINER", "via": {"__typename": "Trainer", "name": "Trainer 4"}},
]


async def test_links_are_the_same_read_from_either_side(
    client: httpx.AsyncClient, graph: Database
) -> None:
    """Each channel's objects are read from the side that reaches fewer of them: BIG's page
    reads them from SMALL (1 of each against 5), SMALL's from itself. Both find the same five
    objects, the trainer whose tie to SMALL ended left out."""
    await build(graph, SIDES_NODES, SIDES_LINKS)
    for asker, other in (("BIG", "Small Enterprise"), ("SMALL", "Big College")):
        data = await ask(client, QUERY, id=gid("Organisation", asker))
        assert [c["organisation"]["name"] for c in data["collaborations"]] == [other]
        assert data["collaborations"][0]["strength"] == 5.0
        assert data["collaborations"][0]["links"] == SIDES_EXPECTED


PAGE = """query($id: ID!, $weights: [ChannelWeight!], $first: Int) {
  collaborations(organisationId: $id, weights: $weights, first: $first) {
    organisation { name } strength } }"""


async def page(client: httpx.AsyncClient, first: int, **weights: float) -> list[tuple[str, float]]:
    chosen = [{"channel": c, "weight": w} for c, w in weights.items()]
    data = await ask(client, PAGE, id=gid("Organisation", "ME"), weights=chosen, first=first)
    return [(c["organisation"]["name"], round(c["strength"], 6)) for c in data["collaborations"]]


async def member(
    client: httpx.AsyncClient, name: str, alliance: str, kind: str = "ENTERPRISE"
) -> str:
    """A new organisation `name`, a member of `alliance` (a global id); its global id."""
    made = await ask(
        client,
        "mutation($name: String!, $kind: OrganisationKind!) { "
        "createOrganisation(input: {name: $name, kind: $kind}) { id } }",
        name=name,
        kind=kind,
    )
    organisation = str(made["createOrganisation"]["id"])
    await join(client, organisation, alliance)
    return organisation


async def join(client: httpx.AsyncClient, organisation: str, alliance: str) -> None:
    """`organisation` becomes a member of `alliance` (global ids), through the API."""
    await ask(
        client,
        "mutation($o: ID!, $a: ID!) { linkMemberOf(fromId: $o, toId: $a) { cursor } }",
        o=organisation,
        a=alliance,
    )


async def test_co_members_enter_a_page_only_when_they_can(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    """A member of the alliance with no other link (Aardvark) is as strong as membership's
    weight, at most: when the pairs fill the page with stronger collaborators, co-members are
    not read; when they do not, or only as strong (then names decide), they are ranked."""
    await member(client, "Aardvark Co-op", gid("Organisation", "ALL"))
    # The pairs fill the page, stronger than membership (0.1): Aardvark cannot enter it.
    assert await page(client, 2) == [("Enterprise One", 3.1), ("Enterprise Two", 2.1)]
    assert await page(client, 4) == [
        ("Enterprise One", 3.1), ("Enterprise Two", 2.1), ("Ministry Department", 1.0),
        ("Aardvark Co-op", 0.1),
    ]  # fmt: skip
    # Membership weighs 5: the third strongest pair (1.0) is weaker than Aardvark (5).
    assert await page(client, 3, COMMON_MEMBERSHIP=5) == [
        ("Enterprise One", 8.0), ("Enterprise Two", 7.0), ("Aardvark Co-op", 5.0),
    ]  # fmt: skip
    assert await page(client, 2, COMMON_MEMBERSHIP=5) == [
        ("Enterprise One", 8.0), ("Enterprise Two", 7.0),
    ]  # fmt: skip
    # As strong as Aardvark (1): the name decides, and Aardvark comes first.
    weights = {"COMMON_MEMBERSHIP": 1, "CO_DEVELOPED_COURSE": 0, "SHARED_BASE": 0}
    assert await page(client, 2, **weights) == [("Enterprise Two", 3.0), ("Aardvark Co-op", 1.0)]


async def test_membership_lifts_a_pair_from_below_the_floor_onto_the_page(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    """Membership is counted only for pairs it could lift onto the page: those at most its
    weight × the alliances below the `first`-th strength from the pairs alone. By the pairs,
    One 3, the Ministry's department 2.5 (an agreement weighing 2.5), Two 2; One and Two are
    members. Membership weighing 1 lifts Two (3) above the department; weighing 0.4, not."""
    agreement = {"COMMON_AGREEMENT": 2.5}
    assert await page(client, 2, COMMON_MEMBERSHIP=1, **agreement) == [
        ("Enterprise One", 4.0), ("Enterprise Two", 3.0),
    ]  # fmt: skip
    assert await page(client, 2, COMMON_MEMBERSHIP=0.4, **agreement) == [
        ("Enterprise One", 3.4), ("Ministry Department", 2.5),
    ]  # fmt: skip
    assert await page(client, 3, COMMON_MEMBERSHIP=0.4, **agreement) == [
        ("Enterprise One", 3.4), ("Ministry Department", 2.5), ("Enterprise Two", 2.4),
    ]  # fmt: skip


async def test_with_one_alliance_co_members_complete_the_page_by_name(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    """With one alliance, every co-member outside the pairs is as strong as membership, so the
    first by name complete the page, and pairs exactly as strong take their place among them by
    name: One and the Ministry's department weigh 1 with courses and bases weightless, One by
    membership, the department by its agreement. The six members of this alliance (of ten
    organisations) are read from the alliance for a page of 5 (6² < 5 × 10) and in the name
    index's order for a page of 2 (6² > 2 × 10): the same ranking either way."""
    for name in ("Zebra Co-op", "Mango Co-op", "Aardvark Co-op"):
        await member(client, name, gid("Organisation", "ALL"))
    assert await page(client, 5) == [
        ("Enterprise One", 3.1), ("Enterprise Two", 2.1), ("Ministry Department", 1.0),
        ("Aardvark Co-op", 0.1), ("Mango Co-op", 0.1),
    ]  # fmt: skip
    weights = {"COMMON_MEMBERSHIP": 1, "CO_DEVELOPED_COURSE": 0, "SHARED_BASE": 0}
    assert await page(client, 5, **weights) == [
        ("Enterprise Two", 3.0), ("Aardvark Co-op", 1.0), ("Enterprise One", 1.0),
        ("Mango Co-op", 1.0), ("Ministry Department", 1.0),
    ]  # fmt: skip
    assert await page(client, 2, **weights) == [("Enterprise Two", 3.0), ("Aardvark Co-op", 1.0)]


async def test_a_co_member_of_two_alliances_outranks_any_name(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    """With two alliances a co-member of both (Zebra) is twice as strong as one of one
    (Aardvark), whatever their names: every co-member is ranked."""
    second = await member(client, "Second Alliance", gid("Organisation", "ALL"), "ALLIANCE")
    await join(client, gid("Organisation", "ME"), second)
    await member(client, "Aardvark Co-op", gid("Organisation", "ALL"))
    zebra = await member(client, "Zebra Co-op", gid("Organisation", "ALL"))
    await join(client, zebra, second)
    assert await page(client, 6) == [
        ("Enterprise One", 3.1), ("Enterprise Two", 2.1), ("Ministry Department", 1.0),
        ("Zebra Co-op", 0.2), ("Aardvark Co-op", 0.1), ("Second Alliance", 0.1),
    ]  # fmt: skip
