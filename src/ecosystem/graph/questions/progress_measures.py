"""The measures of allianceProgress, task by task, for one kind of row (docs/questions.md
defines each).

A row counts the facts of its scope: the whole graph (ALL: read from the progress counters
every write keeps, graph/derived/progress.py), a province (PROVINCE) or an organisation with
its units (UNITS: a member, or the organisation asked about). PROVINCE and UNITS counts start
from the scope's organisations (an index seek: the province's, or the units' ids the row
carries) and reach each fact from there, so a row costs what its scope holds, not the graph.

Cypher is written with `ROW` for the row and `TODAY` for the day asked about; `template`
makes them placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.domain.definitions import AI_TOPICS, ENTERPRISE_KINDS
from ecosystem.graph import derived
from ecosystem.graph.compiler.vocabulary import Leaf, NodeRef, Obj, literal
from ecosystem.graph.derived.timeline import at
from ecosystem.graph.questions.base import NOT_SAMPLE, SCHOOLS, current, cypher_list

# The progress counters ALL rows read (the whole graph's, and the sample's own share).
COUNTERS, SAMPLE_COUNTERS = "progressCounters", "progressSampleCounters"
TAKING_PART = "[p:OPERATED_BY|USED_BY]"


def template(cypher: str) -> str:
    """Cypher written with ROW and TODAY, as a spec expression."""
    return literal(cypher).replace("ROW", "{row}").replace("TODAY", "{today}")


def since_ok(rel: str) -> str:
    return f"({rel}.since IS NULL OR {rel}.since <= ROW.last)"


@dataclass(frozen=True)
class Scope:
    kind: str  # ALL, PROVINCE or UNITS
    sample: bool

    def orgs(self) -> str:
        """The MATCH of the scope's organisations `(o)`, from an index."""
        where = "o.province = ROW.province" if self.kind == "PROVINCE" else "o.id IN ROW.units"
        return f"MATCH (o:Organisation) WHERE {where}"

    def real(self, variable: str) -> str:
        return "true" if self.sample else NOT_SAMPLE.replace("{node}", variable)

    def counter(self, measure: str, day: str = "ROW.last") -> str:
        """ALL rows: a progress counter on `day` (less the sample's share without it)."""
        whole = at(COUNTERS, measure, day, years=True)
        sample = at(SAMPLE_COUNTERS, measure, day, years=True)
        return whole if self.sample else f"({whole} - {sample})"

    def gained(self, measure: str) -> str:
        """ALL rows: what a counter gained over the row's days."""
        before = self.counter(measure, "(ROW.first - duration({days: 1}))")
        return f"({self.counter(measure)} - {before})"

    def distinct(self, reach: str, variable: str, *conditions: str) -> str:
        """How many distinct `variable`s `reach` finds from the scope's organisations."""
        where = " AND ".join((self.real(variable), *conditions))
        return f"size(COLLECT {{ {self.orgs()} {reach} WHERE {where} RETURN DISTINCT {variable} }})"

    def total(self, reach: str, variable: str, value: str, *conditions: str) -> str:
        """The sum of `value` over the distinct `variable`s `reach` finds."""
        where = " AND ".join((self.real(variable), *conditions))
        rows = f"COLLECT {{ {self.orgs()} {reach} WHERE {where} RETURN DISTINCT {variable} }}"
        return f"reduce(s = 0, v IN {rows} | s + coalesce(v.{value}, 0))"


def share(part: str, whole: str) -> str:
    return f"CASE WHEN {whole} = 0 THEN null ELSE toFloat({part}) / {whole} END"


def standards(scope: Scope) -> Obj:
    if scope.kind == "ALL":
        published = scope.gained("progressStandardsPublished")
        to_date = scope.counter("progressStandardsPublished")
        drafting = scope.counter("progressStandardsDrafting")
    else:
        drafted = "MATCH (o)<-[:DRAFTED_BY]-(s:Standard)"
        published = scope.distinct(drafted, "s", "s.publishedOn >= ROW.first",
                                   "s.publishedOn <= ROW.last")  # fmt: skip
        to_date = scope.distinct(drafted, "s", "s.publishedOn <= ROW.last")
        drafting = scope.distinct(drafted, "s", "s.status = 'DRAFTING'")
    return Obj("StandardsProgress", {
        "published": Leaf(template(published), "int", "Standards published in the period "
                          "(publishedOn), drafted by an organisation in scope."),
        "publishedToDate": Leaf(template(to_date), "int", "Standards published by the last day."),
        "drafting": Leaf(template(f"CASE WHEN ROW.last = TODAY THEN {drafting} END"),
                         "int | None", "Standards being drafted now; null for a period over "
                         "(the graph keeps no history of drafting)."),
    }, "The standards task (标准建设).")  # fmt: skip


def bases(scope: Scope) -> Obj:
    if scope.kind == "ALL":
        both = scope.counter("progressSharedBases")
        mixed = scope.counter("progressSharedAcrossSectors")
    else:
        # Its own variables: a subquery reusing the outer `p` would be held to that one link.
        on_day = f"(b)-[q:OPERATED_BY|USED_BY]->(x:Organisation) WHERE {since_ok('q')}"
        parties = f"size(COLLECT {{ MATCH {on_day} RETURN DISTINCT x }}) >= 2"
        among = [
            f"EXISTS {{ MATCH {on_day} AND x.kind IN {kinds} }}"
            for kinds in (cypher_list(ENTERPRISE_KINDS), SCHOOLS)
        ]
        if scope.kind == "PROVINCE":  # the base's own province
            reach, extra = "MATCH (b:TrainingBase) WHERE b.province = ROW.province", []
            both = f"COUNT {{ {reach} AND {scope.real('b')} AND {parties} }}"
            mixed = (
                f"COUNT {{ {reach} AND {scope.real('b')} AND {parties} AND {' AND '.join(among)} }}"
            )
        else:
            reach, extra = f"MATCH (o)<-{TAKING_PART}-(b:TrainingBase)", [since_ok("p"), parties]
            both = scope.distinct(reach, "b", *extra)
            mixed = scope.distinct(reach, "b", *extra, *among)
    return Obj("BasesProgress", {
        "shared": Leaf(template(both), "int",
                       "Training bases operated or used by two or more organisations on the "
                       "last day (OPERATED_BY, USED_BY since then)."),
        "sharedAcrossSectors": Leaf(template(mixed), "int",
                                    "Of them, with an enterprise and a school among them."),
    }, "The training-base task (共建共享实训基地).")  # fmt: skip


def trainers(scope: Scope) -> Obj:
    if scope.kind == "ALL":
        everyone, qualified = scope.counter("progressTrainers"), scope.counter("progressDual")
        hires = scope.counter("reciprocalHires")
    else:
        reach = "MATCH (o)<-[a:AFFILIATED_WITH]-(t:Trainer)"
        at_work = current("a", "ROW.last")
        dual = derived.reading.DUAL.replace("{node}", "t").replace("{today}", "ROW.last")
        hired = derived.reading.RECIPROCAL.replace("{node}", "t").replace("{today}", "ROW.last")
        everyone = scope.distinct(reach, "t", at_work)
        qualified = scope.distinct(reach, "t", at_work, dual)
        hires = scope.distinct(reach, "t", at_work, hired)
    return Obj("TrainersProgress", {
        "trainers": Leaf(template(everyone), "int", "Trainers with a current affiliation in "
                         "scope on the last day."),
        "dualQualified": Leaf(template(qualified), "int", "Of them, dual-qualified (双师型) on "
                              "the last day, as dualQualifiedTrainers defines it."),
        "dualQualifiedShare": Leaf(template(share(qualified, everyone)), "float | None",
                                   "dualQualified over trainers (0–1); null without trainers."),
        "reciprocalHires": Leaf(template(hires), "int",
                                "Of them, reciprocal hires (校企互聘) on the last day."),
    }, "The dual-qualified trainer task (双师型队伍与校企互聘).")  # fmt: skip


def courses(scope: Scope) -> Obj:
    if scope.kind == "ALL":
        co, ai = scope.counter("progressCoDeveloped"), scope.counter("progressAiCourses")
    else:
        reach = "MATCH (o)<-[d:DEVELOPED_BY]-(c:Course)"
        developers = (
            "COLLECT { MATCH (c)-[e:DEVELOPED_BY]->(x:Organisation) WHERE "
            f"{since_ok('e')} RETURN DISTINCT x }}"
        )
        about = f"any(topic IN coalesce(c.topics, []) WHERE topic IN {cypher_list(AI_TOPICS)})"
        co = scope.distinct(reach, "c", since_ok("d"), f"size({developers}) >= 2")
        ai = scope.distinct(reach, "c", since_ok("d"), about)
    return Obj("CoursesProgress", {
        "coDeveloped": Leaf(template(co), "int", "Courses developed by two or more "
                            "organisations on the last day (DEVELOPED_BY since then), one of "
                            "them in scope."),
        "ai": Leaf(template(ai), "int", "Courses about digital intelligence and AI (topics) "
                   "with a developer in scope on the last day."),
    }, "The course task (课程共建) and AI (数智赋能).")  # fmt: skip


def learners(scope: Scope) -> Obj:
    reach = "MATCH (o)<-[:REPORTED_BY]-(x:TrainingOutcome)"
    years = "x.year >= ROW.firstYear AND x.year <= ROW.lastYear"

    def measure(name: str) -> str:
        if scope.kind == "ALL":
            return scope.counter(f"progress{name.title()}")
        return scope.total(reach, "x", name, years)

    return Obj("LearnersProgress", {
        name: Leaf(template(measure(name)), "int", text)
        for name, text in (
            ("enrolled", "Learners enrolled in the period (training outcomes, by year)."),
            ("completed", "Learners who completed."),
            ("certified", "Learners certified."),
        )
    }, "The talent-cultivation task (人才培养): training outcomes reported in scope.")  # fmt: skip


def credit_bank(scope: Scope) -> Obj:
    if scope.kind == "ALL":
        recognitions = scope.counter("progressRecognitions")
        credits = f"toFloat({scope.counter('progressCreditHundredths')}) / 100"
    else:
        reach, day = "MATCH (o)-[r:RECOGNISES]->(c:Course)", since_ok("r")
        real = scope.real("c")
        recognitions = scope.distinct(reach, "r", day, real)
        credits = f"toFloat({scope.total(reach, 'r', 'credits', day, real)})"
    return Obj("CreditBankProgress", {
        "recognitions": Leaf(template(recognitions), "int", "Course recognitions for credit "
                             "(RECOGNISES) by institutions in scope on the last day."),
        "credits": Leaf(template(credits), "float", "The credits those recognitions grant."),
    }, "The credit bank (学分银行).")  # fmt: skip


def row_spec(scope: Scope) -> Obj:
    tasks = {f.__name__: f(scope) for f in (standards, bases, trainers, courses, learners,
                                            credit_bank)}  # fmt: skip
    return Obj("ProgressRow", {
        "year": Leaf("{row}.year", "int | None", "The year (YEAR rows)."),
        "province": Leaf("{row}.province", "str | None", "The province (PROVINCE rows)."),
        "member": NodeRef("Organisation", "{row}.member", "The organisation counted with its "
                          "units (MEMBER rows, and rows for `organisationId`).", nullable=True),
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
