"""Translation of every ecosystem question: GraphQL in, one statement and its parameters out,
printed by the same renderer as the root fields (no database)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import orjson
import pytest
from neo4j.time import Date

from ecosystem.domain.ecosystem import ECOSYSTEM
from ecosystem.graph.compiler.cursor import encode
from ecosystem.graph.compiler.cypher import render
from ecosystem.graph.compiler.plan import (
    Ask,
    Connection,
    Cypher,
    Each,
    Expr,
    Fields,
    SortKey,
    describe,
)
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions import network
from tests.compiler.translate import translate

OUC = "Organisation:3df20164-63ee-4e2d-a809-9740749aaf25"
OUC_RAW = OUC.split(":")[1]
TRAINER = "Trainer:3df20164-63ee-4e2d-a809-9740749aaf26"
PROFESSION = "Profession:3df20164-63ee-4e2d-a809-9740749aaf27"


def today() -> Date:
    """Read when asked: a run that crosses midnight compiles with the new day."""
    return Date.from_native(datetime.date.today())


BASE = ECOSYSTEM.node("TrainingBase")


def test_dual_qualified_is_a_connection_from_the_organisation_index() -> None:
    (compiled,) = translate(
        """{ dualQualifiedTrainers(first: 2, where: {province: "Beijing", organisationKind:
            ENTERPRISE}) { totalCount pageInfo { __typename hasNextPage endCursor }
            edges { cursor node { name } reciprocalHire } } }"""
    ).values()
    assert isinstance(compiled.plan, Ask)
    assert isinstance(compiled.plan.answer, Connection)
    text = compiled.statement.cypher
    # Found once through the organisations of the province, each trainer once; counted, and
    # paged in name order from what was found.
    assert text.startswith(
        "RETURN [found4 IN [COLLECT { MATCH (organisation1:Organisation)<-"
        "[affiliation2:AFFILIATED_WITH]-(this0:Trainer) WHERE (affiliation2.since IS NULL OR "
        "affiliation2.since <= $param0) AND (affiliation2.until IS NULL OR affiliation2.until "
        ">= $param0) AND organisation1.kind = $param1 AND organisation1.province = $param2 "
        "WITH DISTINCT this0 WHERE this0.derivedDual = true AND (this0.derivedDualSince IS NULL "
        "OR this0.derivedDualSince <= $param0) RETURN this0 }] | [rows3 IN [COLLECT { "
        "UNWIND found4 AS this0 WITH this0 WHERE this0.name IS NOT NULL "
    )
    assert "`totalCount`: size(found4)" in text
    # Whether a reciprocal hire on the day asked: the trainer's derived spans, not a search.
    assert "any(b IN [[coalesce(this0.derivedReciprocalSince, []), " in text
    assert "this0.name IS NOT NULL WITH this0 ORDER BY this0.name, this0.id LIMIT $param4" in text
    # The same page info as root connections, __typename included.
    assert (
        "`pageInfo`: {`__typename`: 'PageInfo', `hasNextPage`: size(rows3) > $param3, "
        "`endCursor`: last(rows3[0..$param3]).`__keys`}"
    ) in text
    assert text.count("organisation1.province = $param2") == 1  # once for page and totalCount
    assert "CoverageCell" not in text  # no count is kept for a province and a kind
    assert compiled.statement.bound() == {"param0": today(), "param1": "ENTERPRISE",
                                         "param2": "Beijing", "param3": 2, "param4": 3}  # fmt: skip


@pytest.mark.parametrize("sample", [True, False])
def test_dual_qualified_of_a_province_read_its_kept_count(sample: bool) -> None:
    """A province alone: totalCount is the province's kept cell across professions (less the
    sample's own when it is left out), and the page is found one of two ways, chosen in the
    statement by that count: the name index walked, or the province's organisations."""
    (compiled,) = translate(
        f"""{{ dualQualifiedTrainers(first: 2, where: {{province: "Beijing"}},
            includeSample: {str(sample).lower()}) {{ totalCount edges {{ node {{ name }} }} }} }}"""
    ).values()
    text, params = compiled.statement.cypher, compiled.statement.bound()
    cells = "MATCH (kept6:CoverageCell {id: '*|' + $param1})"
    assert text.count(cells) == 2  # the choice (bound once) and totalCount
    assert ("MATCH (kept6:CoverageCell {id: 'sample|*|' + $param1})" in text) is not sample
    assert "`totalCount`: (reduce(total4 = 0, cell5 IN COLLECT { " + cells in text
    assert "WHERE n10 * n10 > $param3 * COUNT { (:Trainer) })" in text
    walked, sourced = text.split("}) THEN COLLECT { ", 1)[1].split(" ELSE COLLECT { ", 1)
    assert walked.startswith("MATCH (this0:Trainer) USING INDEX this0:Trainer(name) WHERE ")
    assert "EXISTS { MATCH (this0)-[atWork" in walked
    assert sourced.startswith("MATCH (organisation")
    assert "found" not in text  # nothing is found only to be counted
    assert (params["param1"], params["param3"]) == ("Beijing", 2)  # the province, first


def test_every_dual_qualified_trainer_is_counted_by_the_counters_and_walked_by_name() -> None:
    (compiled,) = translate(
        "{ dualQualifiedTrainers { totalCount edges { node { name } } } }"
    ).values()
    text = compiled.statement.cypher
    assert "`totalCount`: (reduce(total" in text
    assert "MATCH (kept4:EcosystemCounters {id: 'ecosystem'})" in text
    assert "MATCH (this0:Trainer) USING INDEX this0:Trainer(name) WHERE " in text
    assert "CASE WHEN" not in text.split("USING INDEX")[0]  # no choice to make: always walked


@pytest.mark.parametrize(
    ("where", "kept"),
    [
        ('province: "Beijing", reciprocalHireOnly: false', True),  # narrows nothing
        ('province: "Beijing", credentialLevel: 0', False),  # narrows (to nobody)
        ('province: "Beijing", reciprocalHireOnly: true', False),
        ("organisationKind: ENTERPRISE", False),
    ],
)
def test_only_a_province_alone_reads_the_kept_count(where: str, kept: bool) -> None:
    (compiled,) = translate(
        f"{{ dualQualifiedTrainers(where: {{{where}}}) {{ totalCount }} }}"
    ).values()
    assert ("CoverageCell" in compiled.statement.cypher) is kept


def test_a_compiled_question_asks_for_the_day_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled statements are cached for days: without `asOf`, the day is read each run."""
    (compiled,) = translate("{ dualQualifiedTrainers { totalCount } }").values()
    assert compiled.statement.bound()["param0"] == today()
    later = datetime.date(2031, 1, 2)
    clock = SimpleNamespace(date=SimpleNamespace(today=lambda: later))
    monkeypatch.setattr("ecosystem.graph.questions.base.datetime", clock)
    assert compiled.statement.bound()["param0"] == Date.from_native(later)


def test_dual_qualified_filters_are_parameters() -> None:
    (compiled,) = translate(
        """query($p: ID!) { dualQualifiedTrainers(asOf: "2024-01-01",
            where: {professionId: $p, credentialLevel: 3, reciprocalHireOnly: true}) {
            totalCount } }""",
        {"p": PROFESSION},
    ).values()
    text, params = compiled.statement.cypher, compiled.statement.bound()
    assert "(:Profession {id: $param1})" in text
    assert "coalesce(h.level, c.level) <= $param2" in text
    assert params == {"param0": Date(2024, 1, 1), "param1": PROFESSION.split(":")[1],
                      "param2": 3}  # fmt: skip
    assert "MATCH (this0:Trainer) WHERE" in text  # no organisation filter: the label


def test_shared_bases_cross_sector_in_one_expansion() -> None:
    (compiled,) = translate(
        """{ sharedTrainingBases(crossSectorOnly: true, where: {province: "Jiangsu"}) {
            edges { node { name } organisationCount organisations { roles } } } }"""
    ).values()
    text = compiled.statement.cypher
    # Shared and cross-sector are derived facts of the base: no expansion to find them.
    assert "this0.derivedSharedBy >= 2 AND this0.derivedCrossSector = true" in text
    assert "`organisationCount`: coalesce(this0.derivedSharedBy, 0)" in text
    assert "this0.province = $param0" in text
    assert "`organisations`: [part3 IN COLLECT {" in text
    assert compiled.statement.bound() == {"param0": "Jiangsu", "param1": 20, "param2": 21}
    assert "USING INDEX" not in text  # the province's index answers the filter


def test_shared_bases_without_a_province_walk_the_name_index() -> None:
    """No index answers the derived flags most bases meet: the page reads the name index in
    order and stops after it, on the first page and after a cursor (a range on the name)."""
    query = "{ sharedTrainingBases%s { edges { cursor node { name } } } }"
    (first,) = translate(query % "").values()
    walked = "MATCH (this0:TrainingBase) USING INDEX this0:TrainingBase(name) WHERE "
    assert walked in first.statement.cypher
    assert "this0.name IS NOT NULL" in first.statement.cypher
    cursor = encode((SortKey(BASE.property("name")), SortKey(BASE.property("id"))), ["B", "x"])
    (next_page,) = translate(query % f'(after: "{cursor}")').values()
    assert walked in next_page.statement.cypher
    assert "this0.name >= $param" in next_page.statement.cypher


def test_collaborations_read_co_members_only_when_the_pairs_leave_room() -> None:
    """Membership asked for: the pairs are ranked first (membership counted for each of them),
    and every co-member is ranked only when the pairs do not fill the page with collaborators
    stronger than membership can make one (its weight times the alliances shared)."""
    query = f'{{ collaborations(organisationId: "{OUC}"%s) {{ strength }} }}'
    (both,) = translate(query % "").values()
    text = both.statement.cypher
    gate = "size(top12) = $param3 AND topStrengths13[-1] > $param2['COMMON_MEMBERSHIP'] * size("
    assert f"UNWIND CASE WHEN {gate}" in text
    # Membership counted only for the pairs it could lift onto the page: those above the
    # `first`-th strength from the pairs alone, less what membership can add.
    cut = "row10[1] + $param2['COMMON_MEMBERSHIP'] * size(alliances5) >= floor9"
    assert "ELSE rows8[$param3 - 1][1] END AS floor9" in text
    assert text.index(cut) < text.index("size([alliance4 IN alliances5 WHERE EXISTS { (other7)-[")
    (pairs,) = translate(query % ", channels: [SHARED_BASE]").values()
    assert "MEMBER_OF" not in pairs.statement.cypher


def test_with_one_alliance_co_members_come_by_name_not_ranked() -> None:
    """With one alliance the co-members a page can take are the first by name: read in the
    name index's order behind the `wide` test (members² > first × organisations, from counts
    Neo4j keeps), else from the alliance; every co-member is ranked only with two or more."""
    (compiled,) = translate(
        f'{{ collaborations(organisationId: "{OUC}") {{ strength }} }}'
    ).values()
    text = compiled.statement.cypher
    assert "THEN alliances5 ELSE [] END AS alliance4" in text  # one alliance, room on the page
    wide = "COUNT { (alliance4)<-[:MEMBER_OF]-() } ^ 2 > $param3 * COUNT { MATCH (:Organisation) }"
    assert wide in text
    walk = "MATCH (other7:Organisation) WHERE other7.name >= '' AND EXISTS { (other7)-[m211"
    assert text.index("WHERE wide14 CALL (alliance4, selves1) { " + walk) > text.index(wide)
    assert "RETURN other7 ORDER BY other7.name, other7.id LIMIT $param3 } RETURN other7 " in text
    assert (
        "UNION MATCH (alliance4)<-[m211:MEMBER_OF]-(other7:Organisation) WHERE NOT wide14" in text
    )
    assert "OR size(alliances5) <= 1 THEN [] ELSE [1] END AS everyone" in text


def test_collaborations_bind_the_organisation_and_its_units() -> None:
    (compiled,) = translate(
        f"""{{ collaborations(organisationId: "{OUC}", first: 3, channels: [CO_DEVELOPED_COURSE]) {{
            organisation {{ name }} strength links {{ channel }} }} }}"""
    ).values()
    text = compiled.statement.cypher
    assert text.startswith("OPTIONAL MATCH (me0:Organisation {id: $param1}) WITH me0, ")
    assert "COLLECT { MATCH (unit:Organisation)-[:PART_OF*1..]->(me0) RETURN unit }" in text
    assert "'SHARED_BASE'" not in text  # only the channels asked for
    # Ranked from the derived relationships, the units' shared objects counted once, and the
    # links found only for the page.
    assert "MATCH (self2)-[c3:COLLABORATES]-(other4:Organisation)" in text
    assert "sum(coalesce(c3.coDevelopedCourse, 0))" in text  # a course links for ever
    assert "MATCH (self2)-[c3:UNITS_OVERLAP]->(other4:Organisation) WHERE self2 = me0" in text
    assert "MEMBER_OF" not in text  # membership (not derived) only when asked
    assert text.index("LIMIT $param3") < text.index(":DEVELOPED_BY]-(x:Course)")
    assert text.endswith("RETURN CASE WHEN me0 IS NOT NULL THEN [c9 IN rows | {`organisation`: "
                         "[node10 IN [c9.organisation] WHERE node10 IS NOT NULL | {`name`: "
                         "node10.name}][0], `strength`: c9.strength, `links`: [link11 IN c9.links "
                         "| {`channel`: link11.channel}]}] END AS data")  # fmt: skip
    params = compiled.statement.bound()
    assert (params["param1"], params["param3"]) == (OUC_RAW, 3)


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ("first: 501", "collaborations.first"),
        ("first: 0", "collaborations.first"),
        ("weights: [{channel: SHARED_BASE, weight: -1}]", "collaborations.weights.0.weight"),
    ],
)
def test_collaborations_refuse_what_they_cannot_answer(arguments: str, argument: str) -> None:
    with pytest.raises(BadInput) as refused:
        translate(f'{{ collaborations(organisationId: "{OUC}", {arguments}) {{ strength }} }}')
    assert refused.value.argument == argument


def test_network_reads_the_derived_pairs_filtered_at_both_ends() -> None:
    (compiled,) = translate(
        """{ collaborationNetwork(where: {provinces: ["Beijing"], kinds: [ENTERPRISE]},
            minStrength: 2) { edges { source strength } } }"""
    ).values()
    text = compiled.statement.cypher
    assert text.startswith(
        "CALL () { MATCH (a0:Organisation)-[c1:COLLABORATES]->(b2:Organisation) WHERE "
        "a0.province IN $param1 AND b2.province IN $param1 AND a0.kind IN $param2 AND "
        "b2.kind IN $param2 "
    )
    assert "MEMBER_OF" not in text  # membership left out by default
    # A pair is its relationship: channels and strength read off it, no rows grouped by pair.
    assert "UNWIND" not in text.split("AS pairs")[0]
    assert "WHERE size(channels) > 0 AND strength >= $param4" in text
    assert compiled.statement.bound()["param4"] == 2.0
    # Only shared trainers are counted on the day; the other channels are plain counts.
    assert "sharedTrainerNow" in text
    assert "coDevelopedCourseNow" not in text
    assert "{channel: 'CO_DEVELOPED_COURSE', count: coalesce(c1.coDevelopedCourse, 0)}" in text
    # Two links at least (every weight 1): the pairs with fewer are skipped in their index.
    assert "b2.kind IN $param2 AND c1.mostLinks >= $param5 WITH" in text
    assert compiled.statement.bound()["param5"] == pytest.approx(2.0)
    assert compiled.statement.bound()["param5"] <= 2.0


@pytest.mark.parametrize(
    ("arguments", "least"),
    [
        ("minStrength: 2, weights: [{channel: SHARED_BASE, weight: 4}]", 0.5),
        ("minStrength: 3, channels: [SHARED_BASE], weights: [{channel: SHARED_BASE, weight: 0.5}]",
         6.0),
        ("minStrength: 0", None),
        ("", None),
        ("minStrength: 2, channels: [SHARED_BASE, COMMON_MEMBERSHIP]", None),
        ("minStrength: 2, channels: [SHARED_BASE], weights: [{channel: SHARED_BASE, weight: 0}]",
         None),
    ],
)  # fmt: skip
def test_network_skips_pairs_with_too_few_links(arguments: str, least: float | None) -> None:
    """The fewest links a pair needs is the least strength over the heaviest weight asked for;
    with alliance membership (not counted on the pair) or nothing to reach, no pair is skipped."""
    query = f"{{ collaborationNetwork{f'({arguments})' if arguments else ''} {{ edges {{ source }} }} }}"
    (compiled,) = translate(query).values()
    text, bound = compiled.statement.cypher, compiled.statement.bound()
    found = [v for k, v in bound.items() if f"mostLinks >= ${k} " in text]
    assert found == ([] if least is None else [pytest.approx(least)])


def test_network_with_membership_adds_co_members_to_the_pairs() -> None:
    (compiled,) = translate(
        "{ collaborationNetwork(channels: [COMMON_MEMBERSHIP, SHARED_BASE]) { edges { source } } }"
    ).values()
    text = compiled.statement.cypher
    assert "UNION ALL MATCH (a0:Organisation)-[m1:MEMBER_OF]->(x:Organisation)" in text
    assert "collect({channel: channel, count: links})" in text  # rows grouped by pair
    assert "sharedTrainer" not in text
    assert "coDevelopedCourse" not in text


def test_network_comes_back_in_slices_each_field_in_turn() -> None:
    """The nodes, whose degrees need every pair, come last and are computed only then: the
    edges' rows are on their way meanwhile."""
    (compiled,) = translate(
        "{ collaborationNetwork { __typename nodes { degree } edges { source strength } } }"
    ).values()
    text, params = compiled.statement.cypher, compiled.statement.params
    assert text.startswith("CALL () { MATCH (a0:Organisation)-[c1:COLLABORATES]->")
    # Each end's id is read once, to rank the pairs, and the edge's `source` is made from it.
    assert (text.count("a0.id"), text.count("b2.id")) == (1, 1)
    tail = text[text.index("AS pairs } ") + len("AS pairs } ") :]
    assert tail == (
        "UNWIND [0, 2, 1] AS part3 CALL (*) { "
        "WITH * WHERE part3 = 0 RETURN 0 AS at4, 'CollaborationNetwork' AS value5 UNION ALL "
        "WITH * WHERE part3 = 2 UNWIND range(0, size(pairs) - 1, $param3) AS at4 "
        "RETURN at4, [edge6 IN pairs[at4..at4 + $param3] | "
        "{`source`: 'Organisation:' + edge6.aId, `strength`: edge6.strength}] AS value5 "
        "UNION ALL WITH * WHERE part3 = 1 "
        + network.NODES.replace("{{", "{").replace("}}", "}")
        + " UNWIND range(0, size(nodes) - 1, $param3) AS at4 "
        "RETURN at4, [node7 IN nodes[at4..at4 + $param3] | {`degree`: node7.degree}] AS value5 "
        "} RETURN part3 AS part, at4 AS at, value5 AS data"
    )
    assert params["param3"] == network.CHUNK
    assert compiled.chunks is not None


def test_network_nodes_cost_nothing_unless_selected() -> None:
    (compiled,) = translate("{ collaborationNetwork { edges { source } } }").values()
    text = compiled.statement.cypher
    assert "AS nodes" not in text
    assert "degree" not in text
    assert "UNWIND [0] AS part" in text


def test_a_list_binds_what_it_reads_once_in_an_answer_of_one_row() -> None:
    """Outside a chunked answer, a selected list's own clauses go before the answer, once
    however many times the list is selected (aliases)."""
    item = Expr("n", Cypher("{x}"))
    bound = Cypher("CALL () {{ UNWIND [1, 2] AS n RETURN collect(n) AS ns }}")
    answer = Fields("q", (Each("a", Cypher("ns"), "x", item, bound),
                          Each("b", Cypher("ns"), "x", item, bound)))  # fmt: skip
    text = render(Ask(answer, prelude=Cypher("WITH 1 AS one"))).cypher
    assert text == (
        "WITH 1 AS one CALL () { UNWIND [1, 2] AS n RETURN collect(n) AS ns } "
        "RETURN {`a`: [x0 IN ns | x0], `b`: [x1 IN ns | x1]} AS data"
    )


def test_a_chunked_answer_is_the_json_of_the_whole_whatever_the_rows_order() -> None:
    (compiled,) = translate(
        "{ collaborationNetwork { edges { strength source } __typename nodes { degree } } }"
    ).values()
    assert compiled.chunks is not None
    chunks = compiled.chunks()
    edge = {"source": "Organisation:1", "strength": 2.5}  # Neo4j's maps come in any key order
    for row in (
        {"part": 0, "at": 2, "data": [edge]},
        {"part": 1, "at": 0, "data": "CollaborationNetwork"},
        {"part": 0, "at": 1, "data": []},  # a slice of no items leaves no comma
        {"part": 0, "at": 0, "data": [{"strength": 1.0, "source": "Organisation:2"}] * 2},
    ):
        chunks.add(row)  # no row for `nodes`: an empty list has none
    assert orjson.dumps({"answer": chunks.answer()}) == orjson.dumps(
        {
            "answer": {
                "edges": [{"strength": 1.0, "source": "Organisation:2"}] * 2
                + [{"strength": 2.5, "source": "Organisation:1"}],
                "__typename": "CollaborationNetwork",
                "nodes": [],
            }
        }
    )


def test_path_bounds_hops_in_the_pattern_and_counts_in_parameters() -> None:
    (compiled,) = translate(
        f"""{{ connectionPath(fromId: "{OUC}", toId: "{TRAINER}", maxHops: 3, first: 2,
            via: [AFFILIATED_WITH]) {{ found message paths {{ hops }} }} }}"""
    ).values()
    text = compiled.statement.cypher
    assert "allShortestPaths((from0)-[:AFFILIATED_WITH*..3]-(to1))" in text
    assert "'No path of at most ' + toString($param0) + ' hops between them.'" in text
    assert compiled.statement.bound()["param0"] == 3
    assert "LIMIT $param4" in text
    assert compiled.statement.bound()["param4"] == 2
    # Only relationships that hold on the day are steps (`asOf`, default today).
    assert "WHERE all(r IN relationships(p) WHERE (r.since IS NULL OR r.since <= $param1)" in text


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ("maxHops: 9", "connectionPath.maxHops"),
        ("first: 21", "connectionPath.first"),
        (f'toId: "{OUC}"', "connectionPath.toId"),
    ],
)
def test_path_refusals_name_the_argument(arguments: str, argument: str) -> None:
    to = "" if "toId" in arguments else f'toId: "{TRAINER}", '
    with pytest.raises(BadInput) as refused:
        translate(f'{{ connectionPath(fromId: "{OUC}", {to}{arguments}) {{ found }} }}')
    assert refused.value.argument == argument


def test_coverage_reads_the_derived_cells() -> None:
    (compiled,) = translate(
        f"""{{ coverage(professions: ["{PROFESSION}"], provinces: ["Beijing", "Tibet"]) {{
            cells {{ province courses missing }} }} }}"""
    ).values()
    text = compiled.statement.cypher
    assert text.startswith("CALL () { MATCH (p0:Profession) WHERE p0.id IN $param2 ")
    assert (
        "UNWIND $param1 AS province1 OPTIONAL MATCH (cell2:CoverageCell {id: p0.id + '|' + "
        "province1})"
    ) in text
    params = compiled.statement.bound()
    assert (params["param1"], params["param2"]) == (["Beijing", "Tibet"], [PROFESSION[11:]])


def test_coverage_refuses_an_unknown_province() -> None:
    with pytest.raises(BadInput) as refused:
        translate('{ coverage(provinces: ["Atlantis"]) { cells { province } } }')
    assert refused.value.argument == "coverage.provinces.0"


def test_stats_read_the_counters_and_the_pairs_only_when_asked() -> None:
    (bare,) = translate("{ ecosystemStats { trainers } }").values()
    assert "[] AS pairs" in bare.statement.cypher
    (full,) = translate("{ ecosystemStats { dualQualifiedShare network { density } } }").values()
    text = full.statement.cypher
    assert "OPTIONAL MATCH (counters0:EcosystemCounters {id: 'ecosystem'})" in text
    assert "coalesce(counters0.dualQualifiedTrainers, 0)" in text  # a timeline's base
    assert "MATCH (a1:Organisation)-[c2:COLLABORATES]->(b3)" in text
    assert "MATCH (t" not in text  # nothing counted trainer by trainer


def test_changes_page_the_audit_trail_newest_first() -> None:
    (compiled,) = translate(
        f"""{{ changes(targetId: "{OUC}", since: "2025-07-18T00:00:00Z", first: 5) {{
            pageInfo {{ hasNextPage }} edges {{ node {{ operation }} }} }} }}"""
    ).values()
    text = compiled.statement.cypher
    assert (
        "MATCH (this0:AuditEntry) WHERE (this0.targetId = $param0 AND this0.at >= $param1)" in text
    )
    assert "ORDER BY this0.at DESC, this0.id DESC" in text
    assert compiled.statement.bound()["param0"] == OUC_RAW


def test_question_plans_describe_themselves() -> None:
    (compiled,) = translate(
        "{ sharedTrainingBases { pageInfo { __typename } edges { organisationCount } } }"
    ).values()
    outline = describe(compiled.plan)
    assert outline.startswith("Ask\n  answer:\n    Connection\n")
    assert "Condition" in outline
    assert "PageInfo" in outline


def test_leaving_the_sample_out_is_a_condition_on_the_nodes_answered() -> None:
    query = "{ dualQualifiedTrainers%s { totalCount edges { node { name } } } }"
    (dual,) = translate(query % "(includeSample: false)").values()
    assert "this0.source <> 'synthetic'" in dual.statement.cypher
    # The count kept for every trainer, less the sample's own.
    assert "MATCH (kept4:EcosystemCounters {id: 'sample'})" in dual.statement.cypher
    (kept,) = translate(query % "").values()
    assert "synthetic" not in kept.statement.cypher  # the service's default: included
    assert "{id: 'sample'}" not in kept.statement.cypher
    (stats,) = translate("{ ecosystemStats(includeSample: false) { trainers } }").values()
    text = stats.statement.cypher
    # The sample is found through the source index and subtracted, only when there is one.
    assert "EXISTS { MATCH (n:Organisation) WHERE n.source = 'synthetic' }" in text
    assert (
        "(COUNT { MATCH (:Trainer) } - CASE WHEN sampled0 THEN "
        "COUNT { MATCH (n:Trainer) WHERE n.source = 'synthetic' } ELSE 0 END)" in text
    )
