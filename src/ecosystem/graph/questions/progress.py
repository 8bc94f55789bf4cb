"""`allianceProgress`: the alliance's tasks measured by year, province or member.

Each row is a period and a scope. Stock measures (standards published to date, shared bases,
trainers, dual-qualified trainers, reciprocal hires, co-developed and AI courses, credit
recognitions) are counted on the period's last day: 31 December, or today for a year not
over yet. Flow measures (standards published, learners) are summed over the period's years.
The rows and their periods are here; what each measure counts is progress_measures.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.domain import Property, Scalar
from ecosystem.domain.provinces import PROVINCES
from ecosystem.graph import derived, ids
from ecosystem.graph.compiler import answers, cursor
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root, SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import (
    Computed,
    EnumSpec,
    InputSpec,
    Leaf,
    ListOf,
    Obj,
    literal,
)
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import NOT_SAMPLE, as_of, current
from ecosystem.graph.questions.progress_measures import (
    COUNTERS,
    SAMPLE_COUNTERS,
    Scope,
    row_spec,
)
from ecosystem.limits import Bounds

GROUPING = EnumSpec.described(
    "ProgressGrouping",
    "What a row of allianceProgress is: a year, a province or a member.",
    {
        "YEAR": "One row per year from `fromYear` to `toYear`, over the whole graph (or the "
        "organisation `organisationId` names, with its units).",
        "PROVINCE": "One row per province, over the years asked about: organisations (and "
        "training bases) in the province.",
        "MEMBER": "One row per organisation that is a member of an alliance on the last day, "
        "with its units, over the years asked about (by name, in pages).",
    },
)
MOST_YEARS = 50
MEMBERS = Bounds(default=50, minimum=1, maximum=200)
MEMBER_ORDER = (
    SortKey(Property("name", Scalar.STRING, required=True)),
    SortKey(Property("id", Scalar.ID, required=True)),
)
ROWS = "progressRows"
ORGANISATION = "progressOrganisation"
UNITS = "COLLECT {{ MATCH (u:Organisation)-[:PART_OF*0..]->(%s) RETURN DISTINCT u.id }}"


def next_cursor(value: Any) -> str | None:
    return None if value is None else cursor.encode(MEMBER_ORDER, value)


def answer_spec(row: Obj) -> Obj:
    kept = f"{ROWS}[..{{first}}]"
    return Obj("AllianceProgress", {
        "rows": ListOf(kept, "row", row, "The rows, in order."),
        "hasMore": Leaf(f"size({ROWS}) > {{first}}", "bool",
                        "MEMBER rows: more members follow; ask again with `cursor`."),
        "cursor": Computed(f"CASE WHEN size({ROWS}) > {{first}} THEN "
                           f"[{kept}[-1].member.name, {kept}[-1].member.id] END",
                           "str | None", next_cursor, "Pass it as `after` for the next members."),
    }, "The alliance's progress on its tasks (联盟进展).")  # fmt: skip


PERIOD = (
    "WITH date({{year: {toYear}, month: 12, day: 31}}) AS periodEnd "
    "WITH date({{year: {fromYear}, month: 1, day: 1}}) AS periodStart, "
    "CASE WHEN periodEnd > {today} THEN {today} ELSE periodEnd END AS periodLast "
)


def row(fields: str) -> str:
    return (
        "{{" + fields + ", firstYear: {fromYear}, lastYear: {toYear}, "
        "first: periodStart, last: periodLast}}"
    )


def rows(by: str, scope: Scope) -> str:
    """Cypher binding `progressRows`: the rows asked for, with their periods."""
    if by == "YEAR":
        return _years(scope)
    if by == "PROVINCE":
        fields = "year: null, province: p, member: null, units: []"
        return f"{PERIOD} UNWIND {{provinces}} AS p WITH collect({row(fields)}) AS {ROWS}"
    real = literal(NOT_SAMPLE.replace("{node}", "m")) if not scope.sample else "true"
    member = (
        "MATCH (m:Organisation)-[r:MEMBER_OF]->(a:Organisation) WHERE "
        f"{current('r', 'periodLast')} AND ({{alliance}} IS NULL OR a.id = {{alliance}}) "
        f"AND {real} AND ({{afterName}} IS NULL OR m.name > {{afterName}} "
        "OR (m.name = {afterName} AND m.id > {afterId})) "
        "WITH DISTINCT m, periodStart, periodLast ORDER BY m.name, m.id LIMIT {first} + 1 "
    )
    fields = f"year: null, province: null, member: m, units: {UNITS % 'm'}"
    return f"{PERIOD} {member} WITH collect({row(fields)}) AS {ROWS}"


def _years(scope: Scope) -> str:
    """YEAR rows: of the whole graph (with the counters they read) or of one organisation."""
    one = scope.kind == "UNITS"
    head = (
        f"OPTIONAL MATCH ({ORGANISATION}:Organisation {{{{id: {{organisation}}}}}}) "
        f"WITH {ORGANISATION}, {UNITS % ORGANISATION} AS units "
        if one
        else "WITH null AS " + ORGANISATION + ", [] AS units "
    )
    years = (
        f"{head}UNWIND range({{fromYear}}, {{toYear}}) AS y "
        f"WITH {ORGANISATION}, units, y, date({{{{year: y, month: 12, day: 31}}}}) AS yearEnd "
        f"WITH {ORGANISATION}, collect({{{{year: y, province: null, member: {ORGANISATION}, "
        "units: units, firstYear: y, lastYear: y, first: date({{year: y, month: 1, day: 1}}), "
        f"last: CASE WHEN yearEnd > {{today}} THEN {{today}} ELSE yearEnd END}}}}) AS {ROWS} "
    )
    if one:
        return years
    counters = " ".join(
        f"OPTIONAL MATCH ({name}:EcosystemCounters {{{{id: '{stored}'}}}})"
        for name, stored in (
            (COUNTERS, derived.aggregates.COUNTERS_ID),
            (SAMPLE_COUNTERS, derived.aggregates.SAMPLE_COUNTERS_ID),
        )
    )
    return f"{years}{counters} WITH {ORGANISATION}, {ROWS}, {COUNTERS}, {SAMPLE_COUNTERS}"


class AllianceProgress:
    name: str = "allianceProgress"
    description: str = (
        "The alliance's progress on its tasks (联盟进展): standards, shared training bases, "
        "dual-qualified trainers and reciprocal hires, co-developed and AI courses, learners "
        "and the credit bank, by year, province or member."
    )
    arguments: Mapping[str, str] = {
        "by": "ProgressGrouping",
        "from_year": "int | None",
        "to_year": "int | None",
        "alliance_id": "strawberry.ID | None",
        "organisation_id": "strawberry.ID | None",
        "first": "int | None",
        "after": "str | None",
        "include_sample": "bool | None",
    }
    argument_descriptions: Mapping[str, str] = {
        "by": "What a row is: a year, a province or a member.",
        "from_year": "The first year (default: four years before toYear).",
        "to_year": "The last year (default: this year). A year not over yet is measured today.",
        "alliance_id": "MEMBER rows: only members of this alliance.",
        "organisation_id": "YEAR rows: for this organisation with its units (a partner's own, "
        "say) instead of the whole graph.",
        "first": f"MEMBER rows: how many members ({MEMBERS.minimum}–{MEMBERS.maximum}, "
        f"default {MEMBERS.default}).",
        "after": "MEMBER rows: the `cursor` of the previous answer.",
    }
    returns: str = "AllianceProgress"
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = (GROUPING,)
    requires: str | None = None

    def __init__(self) -> None:
        self.specs = {
            (kind, sample): answer_spec(row_spec(Scope(kind, sample)))
            for kind in ("ALL", "PROVINCE", "UNITS")
            for sample in (True, False)
        }
        spec = self.specs[("ALL", True)]
        row = spec.fields["rows"]
        assert isinstance(row, ListOf)
        assert isinstance(row.item, Obj)
        tasks = [t for t in row.item.fields.values() if isinstance(t, Obj)]
        self.answer: Sequence[Obj] = (spec, row.item, *tasks)

    def plan(self, field: Field, build: Builder) -> Root:
        args = field.arguments
        by = getattr(args["by"], "value", args["by"])
        organisation = self._organisation(args, by)
        kind = {"YEAR": "UNITS" if organisation else "ALL", "PROVINCE": "PROVINCE"}.get(by, "UNITS")
        scope = Scope(kind, build.sample_included(args))
        values = {**self._years(args), "first": build.first(args, (self.name,), MEMBERS)}
        if by != "MEMBER":
            values["first"] = MOST_YEARS + len(PROVINCES)  # every row, in one answer
        values.update(self._members(args), provinces=list(PROVINCES), organisation=organisation)
        answer = answers.entry(build, self.specs[(kind, scope.sample)], field, (self.name,))
        if not organisation:
            return Ask(answer, prelude=Cypher(rows(by, scope)), values=values)
        return Ask(
            answer,
            prelude=Cypher(rows(by, scope)),
            values=values,
            exists=Cypher(f"{ORGANISATION} IS NOT NULL"),
            missing=("no organisation has this id", (self.name, "organisationId")),
        )

    def _organisation(self, args: Mapping[str, Any], by: str) -> str | None:
        given = args.get("organisationId")
        if given is None:
            return None
        if by != "YEAR":
            raise BadInput(
                "organisationId narrows YEAR rows only",
                (self.name, "organisationId"),
                "by: YEAR with organisationId",
            )
        return ids.raw(given, "Organisation", (self.name, "organisationId"))

    def _years(self, args: Mapping[str, Any]) -> dict[str, Any]:
        last = args.get("toYear") or datetime.date.today().year
        first = args.get("fromYear") or last - 4
        if not 1949 <= first <= last <= 2200 or last - first >= MOST_YEARS:
            raise BadInput(
                "fromYear and toYear must make a period of at most "
                f"{MOST_YEARS} years between 1949 and 2200",
                (self.name, "fromYear"),
                f"fromYear ≤ toYear, at most {MOST_YEARS} years",
            )
        return {"fromYear": first, "toYear": last, "today": as_of({})}

    def _members(self, args: Mapping[str, Any]) -> dict[str, Any]:
        alliance = args.get("allianceId")
        found: dict[str, Any] = {"alliance": None, "afterName": None, "afterId": None}
        if alliance is not None:
            found["alliance"] = ids.raw(alliance, "Organisation", (self.name, "allianceId"))
        if (after := args.get("after")) is not None:
            found["afterName"], found["afterId"] = cursor.argument(
                MEMBER_ORDER, after, (self.name, "after"), "a cursor of allianceProgress"
            )
        return found
