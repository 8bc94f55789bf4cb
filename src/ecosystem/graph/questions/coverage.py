"""`coverage`: the profession × province matrix, and its gaps.

For a profession P and a province R (domain/definitions.py words each measure):
- courses: courses that PREPARE_FOR P, developed by an organisation in R;
- trainingBases: bases in R that TRAIN_FOR P;
- dualQualifiedTrainers: dual-qualified trainers holding a credential that CERTIFIES P and
  currently affiliated with an organisation in R;
- standards: standards that COVER P and are not withdrawn, and either apply nationwide
  (NATIONAL or INDUSTRY level) or were drafted or are implemented by an organisation in R.
A gap is a cell where at least one measure is zero; `missing` says which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecosystem.domain.provinces import PROVINCES
from ecosystem.graph import ids
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.shapes import Leaf, ListOf, NodeRef, Obj, Shape, ShapeRenderer
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import EnumSpec, InputSpec, as_of, current
from ecosystem.graph.questions.dual_qualified import DEFINITION

MEASURES = ("COURSES", "TRAINING_BASES", "DUAL_QUALIFIED_TRAINERS", "STANDARDS")
# Each profession's neighbourhood is read once and counted by province (`[province, n]`
# pairs); the cells then look their province up. Counting cell by cell read it once per
# province: 70 s for the whole matrix at scale 500 (bench/README.md, Coverage).
IN_FORCE = "coalesce(s.status, '') <> 'WITHDRAWN'"
BY_PROVINCE = (
    "courses: COLLECT {{ MATCH ({p})<-[:PREPARES_FOR]-(c:Course)-[:DEVELOPED_BY]->"
    "(o:Organisation) WITH o.province AS r, count(DISTINCT c) AS n RETURN [r, n] }}, "
    "bases: COLLECT {{ MATCH ({p})<-[:TRAINS_FOR]-(b:TrainingBase) "
    "WITH b.province AS r, count(b) AS n RETURN [r, n] }}, "
    "trainers: COLLECT {{ MATCH ({p})<-[:CERTIFIES]-(:Credential)<-[:HOLDS]-(t:Trainer) "
    # DEFINITION is a template already ({{ }} stand for braces), with `t` as its trainer.
    "WITH DISTINCT t WHERE " + DEFINITION.replace("{t}", "t") + " "
    "MATCH (t)-[a:AFFILIATED_WITH]->(o:Organisation) WHERE " + current("a", "{today}") + " "
    "WITH o.province AS r, count(DISTINCT t) AS n RETURN [r, n] }}, "
    # Standards in force: nationwide ones count everywhere, the others where an organisation
    # of the province drafted or implements them.
    "nationwide: COUNT {{ MATCH ({p})<-[:COVERS]-(s:Standard) WHERE " + IN_FORCE + " "
    "AND s.level IN ['NATIONAL', 'INDUSTRY'] }}, "
    "local: COLLECT {{ MATCH ({p})<-[:COVERS]-(s:Standard) WHERE " + IN_FORCE + " "
    "AND NOT coalesce(s.level IN ['NATIONAL', 'INDUSTRY'], false) "
    # (s)-[:DRAFTED_BY]->(o) and (o)-[:IMPLEMENTS]->(s): the only directions either runs.
    "MATCH (s)-[:DRAFTED_BY|IMPLEMENTS]-(o:Organisation) "
    "WITH o.province AS r, count(DISTINCT s) AS n RETURN [r, n] }}"
)
MISSING = (
    "[m IN [['COURSES', {cell}.counts.courses], ['TRAINING_BASES', {cell}.counts.trainingBases], "
    "['DUAL_QUALIFIED_TRAINERS', {cell}.counts.dualQualifiedTrainers], "
    "['STANDARDS', {cell}.counts.standards]] WHERE m[1] = 0 | m[0]]"
)
CELL = Obj("CoverageCell", {
    "profession": NodeRef("Profession", "{cell}.profession"),
    "province": Leaf("{cell}.province", "str"),
    "courses": Leaf("{cell}.counts.courses", "int", "Courses for it developed in the province."),
    "trainingBases": Leaf("{cell}.counts.trainingBases", "int", "Bases for it in the province."),
    "dualQualifiedTrainers": Leaf("{cell}.counts.dualQualifiedTrainers", "int",
                                  "Dual-qualified trainers certified for it, working there."),
    "standards": Leaf("{cell}.counts.standards", "int", "Standards covering it that apply there."),
    "missing": Leaf(MISSING, "list[CoverageMeasure]", "The measures that are zero."),
}, "One profession in one province.")  # fmt: skip
COVERAGE = Obj("Coverage", {
    "cells": ListOf("cells", "cell", CELL, "Every profession × province, by profession name."),
    "gaps": ListOf(f"[g IN cells WHERE size({MISSING.format(cell='g')}) > 0 | g]", "cell", CELL,
                   "Cells where at least one measure is zero."),
}, "The profession × province coverage matrix.")  # fmt: skip
MEASURE = EnumSpec("CoverageMeasure", MEASURES, "What a coverage cell counts.")


class CoverageQuestion:
    name: str = "coverage"
    description: str = (
        "The profession × province matrix (courses, training bases, dual-qualified trainers, "
        "standards in each cell), with the gaps. Defaults: every profession, every province."
    )
    arguments: Mapping[str, str] = {
        "professions": "list[strawberry.ID] | None", "provinces": "list[str] | None",
        "as_of": "datetime.date | None",
    }  # fmt: skip
    returns: str = "Coverage"
    answer: Sequence[Obj] = (COVERAGE, CELL)
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = (MEASURE,)

    def compile(self, field: Field, shapes: ShapeRenderer) -> tuple[str, Shape | None]:
        args, r = field.arguments, shapes.renderer
        provinces = list(args.get("provinces") or PROVINCES)
        for index, province in enumerate(provinces):
            if province not in PROVINCES:
                raise BadInput(f"{province!r} is not a provincial-level division",
                               (self.name, "provinces", index),
                               "an English name such as Beijing or Inner Mongolia")  # fmt: skip
        p, province = r.variable("profession"), r.variable("province")
        only = ""
        if args.get("professions") is not None:
            raw = [ids.raw(v, "Profession", (self.name, "professions", i))
                   for i, v in enumerate(args["professions"])]  # fmt: skip
            only = f" WHERE {p}.id IN {r.param(raw)}"
        seen = r.variable("seen")
        by_province = BY_PROVINCE.format(p=p, today=r.param(as_of(args)))

        def count(pairs: str) -> str:
            return f"coalesce(head([x IN {seen}.{pairs} WHERE x[0] = {province} | x[1]]), 0)"

        counts = (
            f"{{courses: {count('courses')}, trainingBases: {count('bases')}, "
            f"dualQualifiedTrainers: {count('trainers')}, "
            f"standards: {seen}.nationwide + {count('local')}}}"
        )
        answer, shape = shapes.render(COVERAGE, field, {}, (self.name,))
        cypher = (
            f"CALL () {{ MATCH ({p}:Profession){only} WITH {p} ORDER BY {p}.name, {p}.id "
            f"WITH {p}, {{{by_province}}} AS {seen} "
            f"UNWIND {r.param(provinces)} AS {province} "
            f"RETURN collect({{profession: {p}, province: {province}, counts: {counts}}}) "
            "AS cells } "
            f"RETURN {answer} AS data"
        )
        return cypher, shape
