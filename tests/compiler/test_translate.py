"""Translation: GraphQL in, one Cypher statement and its parameters out (no database)."""

from __future__ import annotations

import re

import pytest

from ecosystem.domain import ECOSYSTEM
from ecosystem.graph.compiler import BadInput
from ecosystem.graph.compiler.cursor import encode
from tests.compiler.translate import compiler, cypher, translate

OUC = "Organisation:3df20164-63ee-4e2d-a809-9740749aaf25"


def test_root_connection_with_total_count() -> None:
    (compiled,) = translate(
        "{ organisations(first: 2) { totalCount edges { node { name } } } }"
    ).values()
    assert compiled.statement.cypher == (
        "RETURN [rows1 IN [COLLECT { MATCH (this0:Organisation) WHERE this0.id IS NOT NULL "
        "WITH this0 ORDER BY this0.id "
        "LIMIT $param1 RETURN {`__keys`: [this0.id], `edges`: {`node`: {`name`: this0.name}}} }] "
        "| {`totalCount`: COUNT { MATCH (this0:Organisation) }, "
        "`edges`: [row2 IN rows1[0..$param0] | row2.`edges`]}][0] AS data"
    )
    assert compiled.statement.params == {"param0": 2, "param1": 3}


def test_total_count_alone_reads_no_rows() -> None:
    assert cypher("{ trainers { totalCount } }") == (
        "RETURN {`totalCount`: COUNT { MATCH (this0:Trainer) }} AS data"
    )


def test_aliases_fragments_and_typename_shape_the_projection() -> None:
    text = cypher("""
        { orgs: organisations { edges { node { ...Names kind: __typename } } } }
        fragment Names on Organisation { label: name nameZh }
    """)
    assert "{`label`: this0.name, `nameZh`: this0.nameZh, `kind`: 'Organisation'}" in text


def test_skip_and_include_follow_variables() -> None:
    query = """query($full: Boolean!) { organisations {
        edges { node { name nameZh @include(if: $full) province @skip(if: $full) } } } }"""
    assert "nameZh" in cypher(query, {"full": True})
    assert "province" not in cypher(query, {"full": True})
    assert "nameZh" not in cypher(query, {"full": False})


def test_nested_connection_carries_edge_properties() -> None:
    text = cypher("""{ trainers { edges { node {
        affiliations(where: {kind: {eq: ENTERPRISE}}, first: 3) {
            edges { type since node { name } } } } } } }""")
    assert (
        "MATCH (this0)-[edge4:AFFILIATED_WITH]->(this3:Organisation) WHERE this3.kind = $param1 "
        "WITH this3, edge4 ORDER BY this3.id LIMIT $param3"
    ) in text
    assert "`type`: edge4.type, `since`: toString(edge4.since)" in text


def test_incoming_relationship_is_navigable_from_its_target() -> None:
    text = cypher("{ organisations { edges { node { trainers { totalCount } } } } }")
    assert "COUNT { MATCH (this0)<-[edge4:AFFILIATED_WITH]-(this3:Trainer) }" in text


def test_filters_compose_some_none_all_and_logic() -> None:
    compiled = translate("""{ trainers(where: {
        OR: [{name: {startsWith: "W"}}, {NOT: {nameZh: {isNull: true}}}],
        affiliations: {some: {node: {kind: {eq: ENTERPRISE}}, edge: {until: {isNull: true}}},
                       none: {node: {province: {in: ["Tibet"]}}}},
        credentials: {all: {node: {category: {ne: TEACHING}}}}
    }) { edges { node { id } } } }""")["trainers"]
    text = compiled.statement.cypher
    assert "(this0.name STARTS WITH $param0 OR NOT (this0.nameZh IS NULL))" in text
    assert (
        "EXISTS { MATCH (this0)-[edge2:AFFILIATED_WITH]->(this1:Organisation) "
        "WHERE edge2.until IS NULL AND this1.kind = $param1 }"
    ) in text
    assert "NOT EXISTS { MATCH (this0)-[edge4:AFFILIATED_WITH]->(this3:Organisation) " in text
    assert (
        "NOT EXISTS { MATCH (this0)-[edge6:HOLDS]->(this5:Credential) "
        "WHERE NOT (this5.category <> $param3) }"
    ) in text
    assert compiled.statement.params["param2"] == ["Tibet"]


def test_a_count_starts_from_the_selective_end_of_a_some_filter() -> None:
    """The organisations' kind index finds the far end: one pattern, each trainer once."""
    compiled = translate("""{ trainers(where: {name: {startsWith: "W"},
        affiliations: {some: {node: {kind: {eq: TRADE_ASSOCIATION}}, edge: {until: {isNull: true}}}}
    }) { totalCount } }""")["trainers"]
    assert compiled.statement.cypher == (
        "RETURN {`totalCount`: COUNT { MATCH (this0:Trainer)-[edge2:AFFILIATED_WITH]->"
        "(this1:Organisation) WHERE edge2.until IS NULL AND this1.kind = $param0 "
        "AND this0.name STARTS WITH $param1 RETURN DISTINCT this0 }} AS data"
    )
    assert compiled.statement.params == {"param0": "TRADE_ASSOCIATION", "param1": "W"}


def test_a_count_the_writes_keep_is_read_not_counted() -> None:
    """Trainers with an open-ended affiliation with one kind of organisation: the number the
    writes keep on the counters node (graph/derived/kept.py), whatever the order of the keys."""
    for where in (
        "{affiliations: {some: {node: {kind: {eq: ENTERPRISE}}, edge: {until: {isNull: true}}}}}",
        "{affiliations: {some: {edge: {until: {isNull: true}}, node: {kind: {eq: ENTERPRISE}}}}}",
        "{AND: [{affiliations: {some: {edge: {until: {isNull: true}}, "
        "node: {kind: {eq: ENTERPRISE}}}}}]}",
    ):
        compiled = translate(f"{{ trainers(where: {where}) {{ totalCount }} }}")["trainers"]
        assert compiled.statement.cypher == (
            "RETURN {`totalCount`: coalesce(head(COLLECT { MATCH (kept1:EcosystemCounters "
            "{id: $param0}) RETURN kept1[$param1] }), 0)} AS data"
        ), where
        assert compiled.statement.params == {
            "param0": "ecosystem",
            "param1": "trainersWithOpenAffiliations_ENTERPRISE",
        }


def test_a_page_beside_a_kept_count_still_filters_its_rows() -> None:
    text = cypher("""{ trainers(first: 2, where: {affiliations: {some: {
        node: {kind: {eq: UNIVERSITY}}, edge: {until: {isNull: true}}}}}) {
        totalCount edges { node { id } } } }""")
    assert "RETURN kept" in text
    assert "EXISTS { MATCH (this0)-[" in text


def test_any_other_filter_is_counted() -> None:
    """One condition more or different (another property, `in`, a closed end, `none`, another
    relationship or label) is not the kept count's filter: counted as before."""
    open_ = "edge: {until: {isNull: true}}"
    for root, where in (
        (
            "trainers",
            f'{{name: {{eq: "W"}}, affiliations: {{some: {{node: {{kind: '
            f"{{eq: ENTERPRISE}}}}, {open_}}}}}}}",
        ),
        (
            "trainers",
            f"{{affiliations: {{some: {{node: {{kind: {{in: [ENTERPRISE]}}}}, {open_}}}}}}}",
        ),
        (
            "trainers",
            "{affiliations: {some: {node: {kind: {eq: ENTERPRISE}}, "
            "edge: {until: {isNull: false}}}}}",
        ),
        ("trainers", "{affiliations: {some: {node: {kind: {eq: ENTERPRISE}}}}}"),
        (
            "trainers",
            f"{{affiliations: {{none: {{node: {{kind: {{eq: ENTERPRISE}}}}, {open_}}}}}}}",
        ),
        (
            "trainers",
            "{affiliations: {some: {node: {kind: {eq: ENTERPRISE}, "
            f'province: {{eq: "Tibet"}}}}, {open_}}}}}}}',
        ),
        (
            "trainers",
            "{affiliations: {some: {node: {kind: {eq: ENTERPRISE}}, "
            "edge: {until: {isNull: true}, type: {eq: FULL_TIME}}}}}",
        ),
    ):
        text = cypher(f"{{ {root}(where: {where}) {{ totalCount }} }}")
        assert "EcosystemCounters" not in text, where
        assert "COUNT { MATCH (this0:" in text, where


def test_a_count_without_a_selective_end_tests_each_node() -> None:
    """A far end no index finds (a name that contains…), `none` and `all`: EXISTS per node."""
    for where in (
        '{affiliations: {some: {node: {name: {contains: "x"}}}}}',
        "{affiliations: {none: {node: {kind: {eq: ENTERPRISE}}}}}",
        "{affiliations: {all: {node: {kind: {eq: ENTERPRISE}}}}}",
        "{OR: [{affiliations: {some: {node: {kind: {eq: ENTERPRISE}}}}}, {nameZh: {isNull: true}}]}",
    ):
        text = cypher(f"{{ trainers(where: {where}) {{ totalCount }} }}")
        assert text.startswith("RETURN {`totalCount`: COUNT { MATCH (this0:Trainer) WHERE "), where
        assert "RETURN DISTINCT" not in text


def test_values_are_parameters_never_text() -> None:
    hostile = "x' }) DETACH DELETE n //"
    compiled = translate(
        "query($n: String) { organisations(where: {name: {eq: $n}}) { totalCount } }",
        {"n": hostile},
    )["organisations"]
    assert hostile not in compiled.statement.cypher
    assert hostile in compiled.statement.params.values()


def test_ids_in_filters_are_global_ids() -> None:
    compiled = translate(f'{{ organisations(where: {{id: {{eq: "{OUC}"}}}}) {{ totalCount }} }}')
    assert compiled["organisations"].statement.params == {
        "param0": "3df20164-63ee-4e2d-a809-9740749aaf25"
    }


def test_keyset_seek_after_a_cursor() -> None:
    build = compiler().builder
    order = build.order(ECOSYSTEM.node("Organisation"), [{"province": "DESC"}], ())
    after = encode(order, ["Beijing", "3df20164-63ee-4e2d-a809-9740749aaf25"])
    compiled = translate(
        "query($a: String) { organisations(orderBy: [{province: DESC}], after: $a) "
        "{ edges { cursor } pageInfo { hasPreviousPage } } }",
        {"a": after},
    )["organisations"]
    text = compiled.statement.cypher
    # A plain range on the first key first, so that an index on it can seek and give order.
    assert "WHERE (this0.province <= $param5 AND coalesce(((this0.province < $param1)" in text
    assert "OR (this0.province = $param" in text
    assert compiled.statement.params["param5"] == "Beijing"  # the range's bound
    assert "ORDER BY this0.province DESC, this0.id" in text
    assert "`hasPreviousPage`: true" in text


def test_keyset_range_only_where_no_null_can_follow() -> None:
    build = compiler().builder
    trainer = ECOSYSTEM.node("Trainer")
    by_name = encode(build.order(trainer, [{"name": "ASC"}], ()), ["Wang", "t1"])
    query = "query($a: String) { trainers(orderBy: [{name: ASC}], after: $a) { edges { cursor } } }"
    assert "WHERE (this0.name >= $param" in cypher(query, {"a": by_name})
    # nameZh is optional: nulls follow every value ascending. The range bounds only the walk
    # of its index; the trainers without one are read apart, all of them after the cursor.
    by_zh = encode(build.order(trainer, [{"nameZh": "ASC"}], ()), ["王", "t1"])
    text = cypher(query.replace("name: ASC", "nameZh: ASC"), {"a": by_zh})
    walked, absent = text.split(" ELSE head", 1)
    assert "USING INDEX this0:Trainer(nameZh) WHERE (this0.nameZh >= $param" in walked
    assert "MATCH (this0:Trainer) WHERE this0.nameZh IS NULL WITH this0 ORDER BY" in absent
    assert ">= $param" not in absent


def test_lookup_projects_each_type_present() -> None:
    text = cypher(
        f'{{ node(id: "{OUC}") {{ id ... on Trainer {{ phone }} ... on Organisation {{ name }} }} }}'
    )
    assert "MATCH (this1:Organisation {id: ref0.id})" in text
    assert "`name`: this1.name" in text
    assert "phone" not in text  # no Trainer id was asked for


def test_search_escapes_lucene_syntax() -> None:
    compiled = translate('{ search(text: "开放 AND (大学:*") { score } }')["search"]
    assert compiled.statement.params["param0"] == "开放 and \\(大学\\:\\*"


@pytest.mark.parametrize(("first", "probe"), [(20, 100), (30, 150)])
def test_search_ranks_only_the_hits_lucenes_best_few_allow(first: int, probe: int) -> None:
    compiled = translate(f'{{ search(text: "家政", first: {first}) {{ score }} }}')["search"]
    text, params = compiled.statement.cypher, compiled.statement.params
    limit = re.search(r"\{limit: \$(param\d+)\}", text)
    assert limit is not None
    assert params[limit.group(1)] == probe
    floor = re.search(r"END AS (floor\d+) \}", text)
    assert floor is not None
    ranked = text.index("ORDER BY score")
    assert text.index(f"{floor.group(1)} IS NULL OR") < ranked  # filtered before it is ranked


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ("{ organisations(first: 101) { totalCount } }", "organisations.first"),
        ("{ organisations(first: -1) { totalCount } }", "organisations.first"),
        ('{ organisations(after: "bm9wZQ") { totalCount } }', "organisations.after"),
        (
            "{ organisations(orderBy: [{name: ASC, kind: DESC}]) { totalCount } }",
            "organisations.orderBy.0",
        ),
        (
            '{ organisations(where: {id: {eq: "Trainer:3df20164-63ee-4e2d-a809-9740749aaf25"}}) '
            "{ totalCount } }",
            "organisations.where.id.eq",
        ),
        ('{ node(id: "not-an-id") { id } }', "node.id"),
        ('{ search(text: "   ") { score } }', "search.text"),
    ],
)
def test_refusals_name_the_argument(query: str, argument: str) -> None:
    with pytest.raises(BadInput) as refused:
        translate(query)
    assert refused.value.argument == argument
    assert refused.value.expected


def test_cursor_of_another_ordering_is_refused() -> None:
    compiled = compiler().builder
    by_id = compiled.order(ECOSYSTEM.node("Organisation"), None, ())
    cursor = encode(by_id, ["3df20164-63ee-4e2d-a809-9740749aaf25"])
    with pytest.raises(BadInput, match="another ordering"):
        translate(
            "query($a: String) { organisations(orderBy: [{name: ASC}], after: $a) { totalCount } }",
            {"a": cursor},
        )


def test_compiled_statements_are_cached_per_document_and_variables() -> None:
    shared = compiler()
    query = "query($n: String) { organisations(where: {name: {eq: $n}}) { totalCount } }"
    first = translate(query, {"n": "a"}, using=shared)["organisations"]
    assert translate(query, {"n": "a"}, using=shared)["organisations"] is first
    other = translate(query, {"n": "b"}, using=shared)["organisations"]
    assert other is not first
    assert other.statement.cypher == first.statement.cypher  # Neo4j's plan cache hits
