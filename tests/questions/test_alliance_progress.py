"""allianceProgress on a hand-built graph: every measure of every task, by year, province and
member, worked out by hand from the base facts (the comments say how)."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from ecosystem.graph import derived
from ecosystem.graph.database import Database
from tests.support.graphs import ask, build, gid

D = date
NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "AL": ("Organisation", {"name": "Alliance AL", "kind": "ALLIANCE", "province": "Beijing"}),
    "E": ("Organisation", {"name": "Enterprise E", "kind": "ENTERPRISE", "province": "Beijing"}),
    "S": ("Organisation", {"name": "College S", "kind": "VOCATIONAL_COLLEGE",
                           "province": "Hunan"}),
    "SU": ("Organisation", {"name": "Unit of S", "kind": "VOCATIONAL_COLLEGE",
                            "province": "Hunan"}),
    "Q": ("Organisation", {"name": "Enterprise Q", "kind": "ENTERPRISE", "province": "Hunan"}),
    "ST1": ("Standard", {"code": "T/X 1-2024", "title": "ST1", "status": "PUBLISHED",
                         "publishedOn": D(2024, 5, 1)}),
    "ST2": ("Standard", {"code": "T/X 2-2025", "title": "ST2", "status": "PUBLISHED",
                         "publishedOn": D(2025, 2, 1)}),
    "ST3": ("Standard", {"code": "T/X 3-2026", "title": "ST3", "status": "DRAFTING"}),
    "B1": ("TrainingBase", {"name": "B1", "province": "Hunan"}),
    "B2": ("TrainingBase", {"name": "B2", "province": "Beijing"}),
    "TC": ("Credential", {"name": "Teacher qualification", "category": "TEACHING"}),
    "VS": ("Credential", {"name": "Skill certificate", "category": "VOCATIONAL_SKILL"}),
    "T1": ("Trainer", {"name": "T1"}),
    "T2": ("Trainer", {"name": "T2"}),
    "T3": ("Trainer", {"name": "T3"}),
    "K1": ("Course", {"code": "K1", "title": "K1", "topics": ["DIGITAL_INTELLIGENCE"]}),
    "K2": ("Course", {"code": "K2", "title": "K2",
                      "topics": ["ELDERLY_CARE", "DIGITAL_INTELLIGENCE"]}),
    "K3": ("Course", {"code": "K3", "title": "K3", "topics": ["HOUSEKEEPING"]}),
    "O1": ("TrainingOutcome", {"reference": "O1", "year": 2024, "enrolled": 100,
                               "completed": 80, "certified": 50}),
    "O2": ("TrainingOutcome", {"reference": "O2", "year": 2025, "enrolled": 200,
                               "completed": 150, "certified": 100}),
    "O3": ("TrainingOutcome", {"reference": "O3", "year": 2025, "enrolled": 40,
                               "completed": 30, "certified": 10}),
}  # fmt: skip
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("SU", "PART_OF", "S", {}),
    ("E", "MEMBER_OF", "AL", {"since": D(2024, 3, 1)}),
    ("S", "MEMBER_OF", "AL", {"since": D(2024, 1, 1)}),
    ("Q", "MEMBER_OF", "AL", {"since": D(2024, 1, 1), "until": D(2024, 12, 31)}),  # left
    ("ST1", "DRAFTED_BY", "E", {}),
    ("ST2", "DRAFTED_BY", "SU", {}), ("ST2", "DRAFTED_BY", "E", {}),
    ("ST3", "DRAFTED_BY", "S", {}),
    # B1: shared (and across sectors) from 2025-06-01; B2: shared by two enterprises from 2024
    ("B1", "OPERATED_BY", "S", {"since": D(2023, 1, 1)}),
    ("B1", "USED_BY", "E", {"since": D(2025, 6, 1)}),
    ("B2", "OPERATED_BY", "E", {"since": D(2024, 1, 1)}),
    ("B2", "USED_BY", "Q", {"since": D(2024, 2, 1)}),
    # T1 dual from 2025-03-01; T2 never dual, a reciprocal hire from 2025; T3 dual, gone 2025
    ("T1", "AFFILIATED_WITH", "SU", {"type": "FULL_TIME", "since": D(2020, 1, 1)}),
    ("T1", "HOLDS", "TC", {"obtainedOn": D(2019, 1, 1)}),
    ("T1", "HOLDS", "VS", {"obtainedOn": D(2025, 3, 1)}),
    ("T2", "AFFILIATED_WITH", "E", {"type": "FULL_TIME", "since": D(2024, 6, 1)}),
    ("T2", "AFFILIATED_WITH", "S", {"type": "PART_TIME", "since": D(2025, 1, 1)}),
    ("T2", "HOLDS", "VS", {"obtainedOn": D(2018, 1, 1)}),
    ("T3", "AFFILIATED_WITH", "Q", {"type": "FULL_TIME", "since": D(2022, 1, 1),
                                    "until": D(2024, 12, 31)}),
    ("T3", "HOLDS", "TC", {}), ("T3", "HOLDS", "VS", {}),
    # K1 co-developed from 2025-01-10; K2 one developer; K3 co-developed always
    ("K1", "DEVELOPED_BY", "E", {"role": "LEAD", "since": D(2024, 2, 1)}),
    ("K1", "DEVELOPED_BY", "S", {"role": "PARTNER", "since": D(2025, 1, 10)}),
    ("K2", "DEVELOPED_BY", "SU", {"since": D(2023, 1, 1)}),
    ("K3", "DEVELOPED_BY", "Q", {}), ("K3", "DEVELOPED_BY", "E", {}),
    ("O1", "REPORTED_BY", "SU", {}), ("O1", "FOR_COURSE", "K2", {}),
    ("O2", "REPORTED_BY", "SU", {}),
    ("O3", "REPORTED_BY", "E", {}), ("O3", "AT_BASE", "B2", {}),
    ("S", "RECOGNISES", "K1", {"credits": 2.0, "since": D(2025, 3, 1)}),
    ("SU", "RECOGNISES", "K3", {"credits": 1.5}),
    ("E", "RECOGNISES", "K2", {"credits": 1.0, "since": D(2024, 7, 1)}),
]  # fmt: skip
MEASURES = """
  standards { published publishedToDate drafting }
  trainingBases { shared sharedAcrossSectors }
  trainers { trainers dualQualified dualQualifiedShare reciprocalHires }
  courses { coDeveloped ai }
  learners { enrolled completed certified }
  creditBank { recognitions credits }"""
QUERY = (
    """query($by: ProgressGrouping!, $from: Int, $to: Int, $first: Int, $after: String,
  $alliance: ID, $organisation: ID) {
  allianceProgress(by: $by, fromYear: $from, toYear: $to, first: $first, after: $after,
    allianceId: $alliance, organisationId: $organisation) {
    hasMore cursor rows { year province member { name } firstDay lastDay """
    + MEASURES
    + " } } }"
)


def measures(
    published: int, to_date: int, drafting: int | None, shared: int, across: int,
    trainers: int, dual: int, hires: int, co: int, ai: int, learners: tuple[int, int, int],
    recognitions: int, credits: float,
) -> dict[str, Any]:  # fmt: skip
    return {
        "standards": {"published": published, "publishedToDate": to_date, "drafting": drafting},
        "trainingBases": {"shared": shared, "sharedAcrossSectors": across},
        "trainers": {
            "trainers": trainers,
            "dualQualified": dual,
            "dualQualifiedShare": dual / trainers if trainers else None,
            "reciprocalHires": hires,
        },
        "courses": {"coDeveloped": co, "ai": ai},
        "learners": dict(zip(("enrolled", "completed", "certified"), learners, strict=True)),
        "creditBank": {"recognitions": recognitions, "credits": credits},
    }


ZERO = measures(0, 0, None, 0, 0, 0, 0, 0, 0, 0, (0, 0, 0), 0, 0.0)


@pytest.fixture
async def alliance(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def progress(client: httpx.AsyncClient, **variables: Any) -> dict[str, Any]:
    data: dict[str, Any] = (await ask(client, QUERY, **variables))["allianceProgress"]
    return data


def measured(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in {"year", "province", "member",
                                                      "firstDay", "lastDay"}}  # fmt: skip


async def test_by_year(client: httpx.AsyncClient, alliance: Database) -> None:
    rows = (await progress(client, by="YEAR", **{"from": 2024, "to": 2025}))["rows"]
    assert [(r["year"], r["firstDay"], r["lastDay"]) for r in rows] == [
        (2024, "2024-01-01", "2024-12-31"),
        (2025, "2025-01-01", "2025-12-31"),
    ]
    # 2024: ST1; B2 (two enterprises); T1, T2, T3 at work, T3 dual; K3 co-developed, K1 and
    # K2 about AI; O1; SU→K3 and E→K2 (from July).
    assert measured(rows[0]) == measures(1, 1, None, 1, 0, 3, 1, 0, 1, 2, (100, 80, 50), 2, 2.5)
    # 2025: ST2; B1 (across sectors from June) and B2; T1 (now dual) and T2 (a reciprocal hire:
    # an enterprise and a school); K1 and K3; O2 and O3; S→K1 from March too.
    assert measured(rows[1]) == measures(1, 2, None, 2, 1, 2, 1, 1, 2, 2, (240, 180, 110), 3, 4.5)


async def test_a_year_not_over_is_measured_today(
    client: httpx.AsyncClient, alliance: Database
) -> None:
    year = date.today().year
    (row,) = (await progress(client, by="YEAR", **{"from": year, "to": year}))["rows"]
    assert row["lastDay"] == date.today().isoformat()
    assert row["standards"]["drafting"] == 1  # ST3, being drafted now


async def test_by_province(client: httpx.AsyncClient, alliance: Database) -> None:
    rows = (await progress(client, by="PROVINCE", **{"from": 2024, "to": 2025}))["rows"]
    by_province = {r["province"]: measured(r) for r in rows}
    assert len(rows) == 34  # every province, in the domain's order
    assert by_province["Beijing"] == measures(2, 2, None, 1, 0, 1, 0, 1, 2, 1, (40, 30, 10), 1, 1.0)
    assert by_province["Hunan"] == measures(
        1, 1, None, 1, 1, 2, 1, 1, 2, 2, (300, 230, 150), 2, 3.5
    )
    assert by_province["Yunnan"] == ZERO
    assert {r["lastDay"] for r in rows} == {"2025-12-31"}


async def test_by_member_with_its_units_in_pages(
    client: httpx.AsyncClient, alliance: Database
) -> None:
    period = {"from": 2024, "to": 2025}
    first = await progress(client, by="MEMBER", first=1, **period)
    rest = await progress(client, by="MEMBER", first=1, after=first["cursor"], **period)
    assert first["hasMore"] is True
    assert rest["hasMore"] is False
    assert rest["cursor"] is None
    (college,), (enterprise,) = first["rows"], rest["rows"]  # Q left the alliance in 2024
    assert college["member"] == {"name": "College S"}
    assert measured(college) == measures(1, 1, None, 1, 1, 2, 1, 1, 1, 2, (300, 230, 150), 2, 3.5)
    assert enterprise["member"] == {"name": "Enterprise E"}
    assert measured(enterprise) == measures(2, 2, None, 2, 1, 1, 0, 1, 2, 1, (40, 30, 10), 1, 1.0)


async def test_one_organisation_with_its_units_year_by_year(
    client: httpx.AsyncClient, alliance: Database
) -> None:
    college = gid("Organisation", "S")
    answer = await progress(client, by="YEAR", organisation=college, **{"from": 2024, "to": 2025})
    rows = answer["rows"]
    assert [(r["year"], r["member"]) for r in rows] == [
        (2024, {"name": "College S"}),
        (2025, {"name": "College S"}),
    ]
    # 2024: T1 at its unit (not yet dual); K2, its unit's AI course; B1 not shared before
    # E used it (June 2025); O1; its unit's recognition of K3 (S's of K1 begins in 2025).
    assert measured(rows[0]) == measures(0, 0, None, 0, 0, 1, 0, 0, 0, 1, (100, 80, 50), 1, 1.5)
    assert measured(rows[1]) == measures(1, 1, None, 1, 1, 2, 1, 1, 1, 2, (200, 150, 100), 2, 3.5)


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"by": "YEAR", "organisation": gid("Organisation", "nobody")}, "NOT_FOUND"),
        ({"by": "PROVINCE", "organisation": gid("Organisation", "S")}, "BAD_INPUT"),
    ],
)
async def test_organisation_rows_need_an_organisation_and_years(
    client: httpx.AsyncClient, alliance: Database, variables: dict[str, Any], code: str
) -> None:
    body = (await client.post("/graphql", json={"query": QUERY, "variables": variables})).json()
    assert body["errors"][0]["extensions"]["code"] == code
    assert body["errors"][0]["extensions"]["argument"] == "allianceProgress.organisationId"


async def test_members_on_the_last_day_of_the_period(
    client: httpx.AsyncClient, alliance: Database
) -> None:
    rows = (await progress(client, by="MEMBER", **{"from": 2024, "to": 2024}))["rows"]
    assert [r["member"]["name"] for r in rows] == ["College S", "Enterprise E", "Enterprise Q"]
    other = await progress(
        client, by="MEMBER", alliance=gid("Organisation", "E"), **{"from": 2024, "to": 2024}
    )
    assert other["rows"] == []  # E is no alliance: nobody is its member


@pytest.mark.parametrize(
    "period", [{"from": 2026, "to": 2025}, {"from": 1900, "to": 2025}, {"from": 1960, "to": 2025}]
)
async def test_a_bad_period_is_a_coded_error(
    client: httpx.AsyncClient, alliance: Database, period: dict[str, int]
) -> None:
    body = (
        await client.post("/graphql", json={"query": QUERY, "variables": {"by": "YEAR", **period}})
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "allianceProgress.fromYear"


async def test_writes_keep_the_year_rows_current(
    client: httpx.AsyncClient, alliance: Database
) -> None:
    """YEAR rows read counters every write keeps; PROVINCE rows count the base facts: after
    writes through the API the two still agree, and derive --check finds nothing to repair."""
    await ask(
        client,
        """mutation($o: ID!, $c: ID!, $x: ID!) {
          linkRecognises(fromId: $o, toId: $c, input: {credits: 0.25, since: "2025-01-01"}) {
            cursor }
          updateTrainingOutcome(id: $x, input: {enrolled: 400, completed: 120}) { id } }""",
        o=gid("Organisation", "Q"),
        c=gid("Course", "K2"),
        x=gid("TrainingOutcome", "O2"),
    )
    period = {"from": 2025, "to": 2025}
    (year,) = (await progress(client, by="YEAR", **period))["rows"]
    assert year["creditBank"] == {"recognitions": 4, "credits": 4.75}
    assert year["learners"] == {"enrolled": 440, "completed": 150, "certified": 110}
    provinces = (await progress(client, by="PROVINCE", **period))["rows"]
    assert sum(r["learners"]["enrolled"] for r in provinces) == 440
    assert sum(r["creditBank"]["credits"] for r in provinces) == 4.75
    assert await derived.check(alliance) == []


async def test_year_rows_read_the_counters_year_ends(
    client: httpx.AsyncClient, alliance: Database
) -> None:
    """A YEAR row takes each counter's value on 31 December from the year ends the counters
    keep (one number, not thousands of days added up): spoiled, the row shows it and `derive
    --check` finds it; the `.rekeep` migration's rewrite repairs them; without them the
    steps are added up to the same answer."""
    period = {"from": 2024, "to": 2025}
    before = (await progress(client, by="YEAR", **period))["rows"]
    ends = "g.progressEnrolledYearEnds"
    await alliance.write(
        f"MATCH (g:EcosystemCounters {{id: 'ecosystem'}}) SET {ends} = [{ends}[0] + 1000] + "
        f"{ends}[1..]"
    )
    spoiled = (await progress(client, by="YEAR", **period))["rows"]
    assert [r["learners"]["enrolled"] for r in spoiled] == [1100, 240]
    assert any("progressEnrolled's year ends" in d for d in await derived.check(alliance))
    await derived.rekeep(alliance)
    assert (await progress(client, by="YEAR", **period))["rows"] == before
    assert await derived.check(alliance) == []
    await alliance.write(
        "MATCH (g:EcosystemCounters) SET g.progressEnrolledYearEnds = null, "
        "g.progressEnrolledYearsFrom = null"
    )
    assert (await progress(client, by="YEAR", **period))["rows"] == before


@pytest.mark.parametrize(
    ("day", "expected", "pairs"),
    [
        ("2024-02-01", [], 1),  # S–Q, before E joined
        ("2024-06-01", ["College S", "Enterprise Q"], 3),
        ("2025-06-01", ["College S"], 1),  # Q has left
    ],
)
async def test_a_membership_links_members_only_while_it_lasts(
    client: httpx.AsyncClient, alliance: Database, day: str, expected: list[str], pairs: int
) -> None:
    """E joined on 2024-03-01, Q left on 2024-12-31: common membership on the day asked."""
    query = """query($id: ID!, $day: Date) {
      collaborations(organisationId: $id, channels: [COMMON_MEMBERSHIP], asOf: $day) {
        organisation { name } } }"""
    data = await ask(client, query, id=gid("Organisation", "E"), day=day)
    assert [c["organisation"]["name"] for c in data["collaborations"]] == expected
    network = """query($day: Date) {
      collaborationNetwork(channels: [COMMON_MEMBERSHIP], asOf: $day) { edges { source } } }"""
    edges = (await ask(client, network, day=day))["collaborationNetwork"]["edges"]
    assert len(edges) == pairs
