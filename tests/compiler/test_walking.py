"""Root pages walked in their first sort key's index order (compiler/walking.py): the parts,
the cursor in each, and the count that decides whether a filtered page walks at all."""

from __future__ import annotations

import re

from ecosystem.domain import ECOSYSTEM
from ecosystem.graph.compiler.cursor import encode
from tests.compiler.translate import compiler, cypher, translate

PAGE = "edges { node { id } }"
BY_PROVINCE = "orderBy: [{province: ASC}, {name: ASC}]"
HINT = "MATCH (this0:Organisation) USING INDEX this0:Organisation(province) WHERE "
ABSENT = "MATCH (this0:Organisation) WHERE this0.province IS NULL"


def cursor(order: list[str], values: list[object]) -> str:
    keys = [{k: v} for k, v in (part.split(": ") for part in order)]
    return encode(compiler().builder.order(ECOSYSTEM.node("Organisation"), keys, ()), values)


def test_an_optional_first_key_walks_its_index_then_reads_the_nodes_without_it() -> None:
    text = cypher(f"{{ organisations(first: 5, {BY_PROVINCE}) {{ {PAGE} }} }}")
    walked, rest = text.split(" | CASE WHEN size(head", 1)
    assert HINT + "this0.province IS NOT NULL WITH this0 ORDER BY this0.province" in walked
    # The organisations without a province are read only when the walk leaves the page short.
    assert ") > $param0 THEN head" in rest
    assert ABSENT + " WITH this0 ORDER BY this0.province, this0.name, this0.id" in rest
    assert "COUNT {" not in text  # no filter: nothing to count before walking


def test_descending_the_nodes_without_the_key_come_first() -> None:
    text = cypher(f"{{ organisations(first: 5, orderBy: [{{province: DESC}}]) {{ {PAGE} }} }}")
    absent, walked = text.split(" | CASE WHEN size(head", 1)
    assert ABSENT in absent
    assert HINT + "this0.province IS NOT NULL WITH this0 ORDER BY this0.province DESC" in walked


def test_a_cursor_skips_the_part_before_it_and_frees_the_part_after_it() -> None:
    query = "query($a: String) { organisations(first: 5, %s, after: $a) { %s } }"
    ascending = query % (BY_PROVINCE, PAGE)
    order = ["province: ASC", "name: ASC"]
    # After an organisation with a province: the rest of the walk, then every one without.
    text = cypher(ascending, {"a": cursor(order, ["Jiangsu", "Org", "o1"])})
    walked, absent = text.split(" ELSE head", 1)
    assert HINT + "(this0.province >= $param" in walked
    assert ABSENT + " WITH this0" in absent  # no cursor: all of them follow it
    # After one without a province: only those without one are left.
    text = cypher(ascending, {"a": cursor(order, [None, "Org", "o1"])})
    assert "USING INDEX" not in text
    assert ABSENT + " AND ((this0.province IS NULL AND" in text
    # Descending, after one with a province: the nodes without one came before, none is left.
    descending = query % ("orderBy: [{province: DESC}]", PAGE)
    text = cypher(descending, {"a": cursor(["province: DESC"], ["Jiangsu", "o1"])})
    assert HINT + "(this0.province <= $param" in text
    assert "IS NULL" not in text


def test_a_counted_filter_an_index_answers_walks_only_when_its_matches_are_many() -> None:
    where = 'where: {source: {eq: "synthetic"}}'
    compiled = translate(
        f"{{ organisations(first: 100, {where}, {BY_PROVINCE}) {{ totalCount {PAGE} }} }}"
    )["organisations"]
    text = compiled.statement.cypher
    # Counted once, for the choice and for totalCount.
    assert text.startswith(
        "RETURN [total1 IN [COUNT { MATCH (this0:Organisation) WHERE this0.source = $param"
    )
    assert text.count("COUNT { MATCH (this0:Organisation)") == 1
    assert "{`totalCount`: total1, " in text
    many = re.search(r"CASE WHEN total1 \* total1 >= \$(param\d+) \* COUNT \{ MATCH "
                     r"\(:Organisation\) \} THEN ", text)  # fmt: skip
    assert many is not None
    assert compiled.statement.params[many[1]] == 101  # first + 1
    walked, found = text[many.end() :].split(" ELSE COLLECT { ")
    assert HINT + "this0.source = $param0 AND this0.province IS NOT NULL" in walked
    assert "WHERE this0.source = $param0 AND this0.province IS NULL" in walked
    assert found.startswith("MATCH (this0:Organisation) WHERE this0.source = $param")
    assert "USING INDEX" not in found


def test_a_required_first_key_walks_only_past_a_filter_an_index_answers() -> None:
    by_name = "orderBy: [{name: ASC}]"
    kind = "where: {kind: {eq: ENTERPRISE}}"
    guarded = cypher(f"{{ organisations(first: 10, {kind}, {by_name}) {{ totalCount {PAGE} }} }}")
    assert "USING INDEX this0:Organisation(name) WHERE this0.kind = $param" in guarded
    assert "CASE WHEN total" in guarded
    # Without totalCount there is no count to choose by: the planner chooses, as before.
    unseen = cypher(f"{{ organisations(first: 10, {kind}, {by_name}) {{ {PAGE} }} }}")
    assert "USING INDEX" not in unseen
    assert "COUNT {" not in unseen
    # A filter no index answers (a substring): the planner reads the name index in order.
    free = cypher(
        f'{{ organisations(first: 10, where: {{city: {{contains: "an"}}}}, {by_name}) {{ {PAGE} }} }}'
    )
    assert "USING INDEX" not in free
    assert "total" not in free
    # A filter on the first key itself: its own index walks with it, no count needed.
    own = cypher(
        f'{{ organisations(first: 10, where: {{province: {{eq: "Jiangsu"}}}}, {BY_PROVINCE}) '
        f"{{ {PAGE} }} }}"
    )
    assert HINT + "this0.province = $param" in own
    assert "total" not in own


def test_either_of_two_seeks_is_a_seek() -> None:
    one = '{id: {eq: "Organisation:3df20164-63ee-4e2d-a809-9740749aaf25"}}'
    for other, guarded in (("{kind: {eq: ENTERPRISE}}", True), ('{city: {contains: "an"}}', False)):
        where = f"where: {{OR: [{one}, {other}]}}"
        query = f"{{ organisations(first: 10, {where}, {BY_PROVINCE}) {{ totalCount {PAGE} }} }}"
        text = cypher(query)
        assert ("CASE WHEN total" in text) is guarded, other
        assert HINT in text
