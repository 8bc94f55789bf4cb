"""`allianceProgress`: the alliance's tasks measured by year, province or member.

Each row is a period and a scope. Stock measures (standards published to date, shared bases,
trainers, dual-qualified trainers, reciprocal hires, co-developed and AI courses, credit
recognitions) are counted on the period's last day: 31 December, or today for a year not
over yet. Flow measures (standards published, learners) are summed over the period's years.
A scope is the whole graph (YEAR), a province (PROVINCE: the organisation's, or the base's
own), or a member with its units (MEMBER). docs/questions.md gives each measure's definition,
each reproducible from the base facts.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ecosystem.domain import Property, Scalar
from ecosystem.domain.definitions import AI_TOPICS, ENTERPRISE_KINDS
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
    NodeRef,
    Obj,
    literal,
)
from ecosystem.graph.derived.timeline import at
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import NOT_SAMPLE, SCHOOLS, as_of, current, cypher_list
from ecosystem.limits import Bounds

GROUPING = EnumSpec.described(
    "ProgressGrouping",
    "What a row of allianceProgress is: a year, a province or a member.",
    {
        "YEAR": "One row per year from `fromYear` to `toYear`, over the whole graph.",
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
# The progress counters YEAR rows read (the whole graph's, and the sample's own share).
COUNTERS, SAMPLE_COUNTERS = "progressCounters", "progressSampleCounters"


@dataclass(frozen=True)
class Scope:
    """How a row narrows the facts it counts. Cypher is written with `ROW` for the row and
    `TODAY` for the day asked about, made placeholders by `template`."""

    by: str
    sample: bool

    def org(self, variable: str) -> str:
        """The organisation `variable` is in the row's scope."""
        if self.by == "PROVINCE":
            return f"{variable}.province = ROW.province"
        if self.by == "MEMBER":
            return f"EXISTS {{ MATCH ({variable})-[:PART_OF*0..]->(m) WHERE m = ROW.member }}"
        return "true"

    def real(self, variable: str) -> str:
        return "true" if self.sample else NOT_SAMPLE.replace("{node}", variable)

    def measured(self, measure: str, counted: str, day: str = "ROW.last") -> str:
        """A stock on `day`: for YEAR rows, the progress counter kept by every write
        (graph/derived/progress.py); else `counted`, a count over the base facts."""
        if self.by != "YEAR":
            return counted
        whole = at(COUNTERS, measure, day)
        return whole if self.sample else f"({whole} - {at(SAMPLE_COUNTERS, measure, day)})"

    def flow(self, measure: str, counted: str) -> str:
        """What a stock gained over the row's days (YEAR rows), else `counted`."""
        if self.by != "YEAR":
            return counted
        before = self.measured(measure, "", "(ROW.first - duration({days: 1}))")
        return f"({self.measured(measure, '')} - {before})"

    def linked(self, pattern: str, variable: str, extra: str = "true") -> str:
        """Some organisation `variable` in scope is at the end of `pattern`."""
        if self.by == "YEAR" and extra == "true":
            return "true"
        return f"EXISTS {{ MATCH {pattern} WHERE {extra} AND {self.org(variable)} }}"


def template(cypher: str) -> str:
    """Cypher written with ROW and TODAY, as a spec expression."""
    return literal(cypher).replace("ROW", "{row}").replace("TODAY", "{today}")


def since_ok(rel: str) -> str:
    return f"({rel}.since IS NULL OR {rel}.since <= ROW.last)"


def total(subquery: str, value: str) -> str:
    """The sum of `value` over the rows of a COLLECT subquery returning `x`."""
    rows = f"COLLECT {{ {subquery} RETURN DISTINCT x }}"
    return f"reduce(s = 0, v IN {rows} | s + coalesce(v.{value}, 0))"


def count(label: str, var: str, *conditions: str) -> str:
    return f"COUNT {{ MATCH ({var}:{label}) WHERE {' AND '.join(conditions)} }}"


def ratio(part: str, whole: str) -> str:
    return f"CASE WHEN {whole} = 0 THEN 0.0 ELSE toFloat({part}) / {whole} END"


def standards(scope: Scope) -> Obj:
    drafted = scope.linked("(s)-[:DRAFTED_BY]->(o:Organisation)", "o")
    base = (drafted, scope.real("s"))
    published = count("Standard", "s", *base, "s.publishedOn >= ROW.first",
                      "s.publishedOn <= ROW.last")  # fmt: skip
    to_date = count("Standard", "s", *base, "s.publishedOn <= ROW.last")
    drafting = count("Standard", "s", *base, "s.status = 'DRAFTING'")
    published = scope.flow("progressStandardsPublished", published)
    to_date = scope.measured("progressStandardsPublished", to_date)
    drafting = scope.measured("progressStandardsDrafting", drafting)
    return Obj("StandardsProgress", {
        "published": Leaf(template(published), "int", "Standards published in the period "
                          "(publishedOn), drafted by an organisation in scope."),
        "publishedToDate": Leaf(template(to_date), "int", "Standards published by the last day."),
        "drafting": Leaf(template(f"CASE WHEN ROW.last = TODAY THEN {drafting} END"),
                         "int | None", "Standards being drafted now; null for a period over "
                         "(the graph keeps no history of drafting)."),
    }, "The standards task (标准建设).")  # fmt: skip


def bases(scope: Scope) -> Obj:
    on_day = "(b)-[p:OPERATED_BY|USED_BY]->(o:Organisation)"

    def among(kinds: str) -> str:
        return f"EXISTS {{ MATCH {on_day} WHERE {since_ok('p')} AND o.kind IN {kinds} }}"

    parties = f"size(COLLECT {{ MATCH {on_day} WHERE {since_ok('p')} RETURN DISTINCT o }}) >= 2"
    if scope.by == "PROVINCE":
        where = "b.province = ROW.province"
    else:
        where = scope.linked(on_day, "o", since_ok("p"))
    shared = (where, scope.real("b"), parties)
    across = (*shared, among(cypher_list(ENTERPRISE_KINDS)), among(SCHOOLS))
    both = scope.measured("progressSharedBases", count("TrainingBase", "b", *shared))
    mixed = scope.measured("progressSharedAcrossSectors", count("TrainingBase", "b", *across))
    return Obj("BasesProgress", {
        "shared": Leaf(template(both), "int",
                       "Training bases operated or used by two or more organisations on the "
                       "last day (OPERATED_BY, USED_BY since then)."),
        "sharedAcrossSectors": Leaf(template(mixed), "int",
                                    "Of them, with an enterprise and a school among them."),
    }, "The training-base task (共建共享实训基地).")  # fmt: skip


def trainers(scope: Scope) -> Obj:
    at_work = (
        "EXISTS { MATCH (t)-[a:AFFILIATED_WITH]->(o:Organisation) WHERE "
        f"{current('a', 'ROW.last')} AND {scope.org('o')} }}"
    )
    working = (at_work, scope.real("t"))
    dual = derived.reading.DUAL.replace("{node}", "t").replace("{today}", "ROW.last")
    hired = derived.reading.RECIPROCAL.replace("{node}", "t").replace("{today}", "ROW.last")
    everyone = scope.measured("progressTrainers", count("Trainer", "t", *working))
    qualified = scope.measured("progressDual", count("Trainer", "t", *working, dual))
    hires = scope.measured("reciprocalHires", count("Trainer", "t", *working, hired))
    return Obj("TrainersProgress", {
        "trainers": Leaf(template(everyone), "int", "Trainers with a current affiliation in "
                         "scope on the last day."),
        "dualQualified": Leaf(template(qualified), "int", "Of them, dual-qualified (双师型) on "
                              "the last day, as dualQualifiedTrainers defines it."),
        "dualQualifiedShare": Leaf(template(ratio(qualified, everyone)), "float",
                                   "dualQualified over trainers (0–1)."),
        "reciprocalHires": Leaf(template(hires), "int",
                                "Of them, reciprocal hires (校企互聘) on the last day."),
    }, "The dual-qualified trainer task (双师型队伍与校企互聘).")  # fmt: skip


def courses(scope: Scope) -> Obj:
    developing = "(c)-[d:DEVELOPED_BY]->(o:Organisation)"
    developers = f"COLLECT {{ MATCH {developing} WHERE {since_ok('d')} RETURN DISTINCT o }}"
    in_scope = f"EXISTS {{ MATCH {developing} WHERE {since_ok('d')} AND {scope.org('o')} }}"
    co = count("Course", "c", scope.real("c"), in_scope, f"size({developers}) >= 2")
    co = scope.measured("progressCoDeveloped", co)
    about = f"any(topic IN coalesce(c.topics, []) WHERE topic IN {cypher_list(AI_TOPICS)})"
    ai = scope.measured("progressAiCourses", count("Course", "c", scope.real("c"), in_scope, about))
    return Obj("CoursesProgress", {
        "coDeveloped": Leaf(template(co), "int", "Courses developed by two or more "
                            "organisations on the last day (DEVELOPED_BY since then), one of "
                            "them in scope."),
        "ai": Leaf(template(ai), "int",
                   "Courses about digital intelligence and AI (topics) with a developer in "
                   "scope on the last day."),
    }, "The course task (课程共建) and AI (数智赋能).")  # fmt: skip


def learners(scope: Scope) -> Obj:
    years = "x.year >= ROW.firstYear AND x.year <= ROW.lastYear"
    reported = "" if scope.by == "YEAR" else "-[:REPORTED_BY]->(o:Organisation)"
    match = f"MATCH (x:TrainingOutcome){reported} WHERE {years} AND {scope.real('x')}"
    if reported:
        match += f" AND {scope.org('o')}"
    return Obj(
        "LearnersProgress",
        {
            name: Leaf(
                template(scope.measured(f"progress{name.title()}", total(match, name))), "int", text
            )
            for name, text in (
                ("enrolled", "Learners enrolled in the period (training outcomes, by year)."),
                ("completed", "Learners who completed."),
                ("certified", "Learners certified."),
            )
        },
        "The talent-cultivation task (人才培养): training outcomes reported in scope.",
    )


def credit_bank(scope: Scope) -> Obj:
    match = (
        f"MATCH (o:Organisation)-[x:RECOGNISES]->(c:Course) WHERE {since_ok('x')} AND "
        f"{scope.org('o')} AND {scope.real('c')}"
    )
    recognitions = scope.measured("progressRecognitions", f"COUNT {{ {match} }}")
    hundredths = scope.measured("progressCreditHundredths", "")
    credits = total(match, "credits") if scope.by != "YEAR" else f"toFloat({hundredths}) / 100"
    return Obj("CreditBankProgress", {
        "recognitions": Leaf(template(recognitions), "int", "Course recognitions for credit "
                             "(RECOGNISES) by institutions in scope on the last day."),
        "credits": Leaf(template(credits), "float",
                        "The credits those recognitions grant."),
    }, "The credit bank (学分银行).")  # fmt: skip


TASKS = (standards, bases, trainers, courses, learners, credit_bank)


def row_spec(scope: Scope) -> Obj:
    tasks = {f.__name__: f(scope) for f in TASKS}
    return Obj("ProgressRow", {
        "year": Leaf("{row}.year", "int | None", "The year (YEAR rows)."),
        "province": Leaf("{row}.province", "str | None", "The province (PROVINCE rows)."),
        "member": NodeRef("Organisation", "{row}.member", "The member (MEMBER rows).",
                          nullable=True),
        "firstDay": Leaf("toString({row}.first)", "datetime.date", "The period's first day."),
        "lastDay": Leaf("toString({row}.last)", "datetime.date",
                        "The period's last day: stocks are counted on it."),
        "standards": tasks["standards"],
        "trainingBases": tasks["bases"],
        "trainers": tasks["trainers"],
        "courses": tasks["courses"],
        "learners": tasks["learners"],
        "creditBank": tasks["credit_bank"],
    }, "The alliance's tasks measured for one period and scope.")  # fmt: skip


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


def rows(scope: Scope) -> str:
    """Cypher binding `progressRows`: the rows asked for, with their periods."""
    if scope.by == "YEAR":
        return (
            "UNWIND range({fromYear}, {toYear}) AS y "
            "WITH y, date({{year: y, month: 12, day: 31}}) AS yearEnd "
            f"WITH collect({{{{year: y, province: null, member: null, firstYear: y, lastYear: y, "
            "first: date({{year: y, month: 1, day: 1}}), "
            f"last: CASE WHEN yearEnd > {{today}} THEN {{today}} ELSE yearEnd END}}}}) AS {ROWS} "
            + " ".join(
                f"OPTIONAL MATCH ({name}:EcosystemCounters {{{{id: '{stored}'}}}})"
                for name, stored in (
                    (COUNTERS, derived.aggregates.COUNTERS_ID),
                    (SAMPLE_COUNTERS, derived.aggregates.SAMPLE_COUNTERS_ID),
                )
            )
            + f" WITH {ROWS}, {COUNTERS}, {SAMPLE_COUNTERS}"
        )
    if scope.by == "PROVINCE":
        fields = "year: null, province: p, member: null"
        return f"{PERIOD} UNWIND {{provinces}} AS p WITH collect({row(fields)}) AS {ROWS}"
    member = (
        "MATCH (m:Organisation)-[r:MEMBER_OF]->(a:Organisation) WHERE "
        f"{current('r', 'periodLast')} AND ({{alliance}} IS NULL OR a.id = {{alliance}}) "
        f"AND {literal(scope.real('m'))} AND ({{afterName}} IS NULL OR m.name > {{afterName}} "
        "OR (m.name = {afterName} AND m.id > {afterId})) "
        "WITH DISTINCT m, periodStart, periodLast ORDER BY m.name, m.id LIMIT {first} + 1 "
    )
    fields = "year: null, province: null, member: m"
    return f"{PERIOD} {member} WITH collect({row(fields)}) AS {ROWS}"


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
        "first": "int | None",
        "after": "str | None",
        "include_sample": "bool | None",
    }
    argument_descriptions: Mapping[str, str] = {
        "by": "What a row is: a year, a province or a member.",
        "from_year": "The first year (default: four years before toYear).",
        "to_year": "The last year (default: this year). A year not over yet is measured today.",
        "alliance_id": "MEMBER rows: only members of this alliance.",
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
            (by, sample): answer_spec(row_spec(Scope(by, sample)))
            for by in GROUPING.values
            for sample in (True, False)
        }
        spec = self.specs[("YEAR", True)]
        row = spec.fields["rows"]
        assert isinstance(row, ListOf)
        assert isinstance(row.item, Obj)
        tasks = [t for t in row.item.fields.values() if isinstance(t, Obj)]
        self.answer: Sequence[Obj] = (spec, row.item, *tasks)

    def plan(self, field: Field, build: Builder) -> Root:
        args = field.arguments
        by = getattr(args["by"], "value", args["by"])
        scope = Scope(by, build.sample_included(args))
        values = {**self._years(args), "first": build.first(args, (self.name,), MEMBERS)}
        if by != "MEMBER":
            values["first"] = MOST_YEARS + len(PROVINCES)  # every row, in one answer
        values.update(self._members(args), provinces=list(PROVINCES))
        answer = answers.entry(build, self.specs[(by, scope.sample)], field, (self.name,))
        return Ask(answer, prelude=Cypher(rows(scope)), values=values)

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
            try:
                found["afterName"], found["afterId"] = cursor.decode(MEMBER_ORDER, after)
            except cursor.CursorError as error:
                raise BadInput(
                    f"after is {error}", (self.name, "after"), "a cursor of allianceProgress"
                ) from error
        return found
