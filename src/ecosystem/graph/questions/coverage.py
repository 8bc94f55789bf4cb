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
from ecosystem.graph import derived, ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Leaf, ListOf, NodeRef, Obj
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import SAMPLE_ARGUMENT, as_of, real

# Each cell's four measures are derived facts (a CoverageCell per profession × province with
# anything in it), kept by every write (graph/derived/): the matrix is read, not recomputed.
# Recomputing it read every profession's neighbourhood: 9.6 s at scale 500 (bench/README.md).
# Leaving the sample out subtracts the sample's own cell (graph/derived/contributions.py).
SAMPLE_CELL = (
    "OPTIONAL MATCH ({sampleCell}:CoverageCell {{id: '"
    + derived.aggregates.SAMPLE_CELL
    + "' + {p}.id + '|' + {province}}}) "
)


def counts(cells: Sequence[str]) -> str:
    """A cell's four measures: the first cell's, less the others'."""

    def value(name: str) -> str:
        if name == "dualQualifiedTrainers":
            return " - ".join(derived.reading.measure(c, name) for c in cells)
        return " - ".join(f"coalesce({c}.{name}, 0)" for c in cells)

    return "{{" + ", ".join(f"{m}: {value(m)}" for m in derived.aggregates.CELL_MEASURES) + "}}"


MISSING = (
    "[m IN [['COURSES', {cell}.counts.courses], ['TRAINING_BASES', {cell}.counts.trainingBases], "
    "['DUAL_QUALIFIED_TRAINERS', {cell}.counts.dualQualifiedTrainers], "
    "['STANDARDS', {cell}.counts.standards]] WHERE m[1] = 0 | m[0]]"
)
CELL = Obj("CoverageCell", {
    "profession": NodeRef("Profession", "{cell}.profession", "The profession."),
    "province": Leaf("{cell}.province", "str", "The province, in English."),
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
MEASURE = EnumSpec.described(
    "CoverageMeasure",
    "What a coverage cell counts, for its profession and province.",
    {
        "COURSES": "Courses that prepare for the profession, developed by an organisation in the "
        "province.",
        "TRAINING_BASES": "Training bases in the province that train for the profession.",
        "DUAL_QUALIFIED_TRAINERS": "Dual-qualified trainers holding a credential that certifies "
        "the profession, currently affiliated with an organisation in the province.",
        "STANDARDS": "Standards covering the profession, not withdrawn, that apply in the "
        "province: nationwide (NATIONAL or INDUSTRY level), or drafted or implemented by an "
        "organisation there.",
    },
)


class CoverageQuestion:
    name: str = "coverage"
    description: str = (
        "The profession × province matrix (courses, training bases, dual-qualified trainers, "
        "standards in each cell), with the gaps. Defaults: every profession, every province."
    )
    arguments: Mapping[str, str] = {
        "professions": "list[strawberry.ID] | None", "provinces": "list[str] | None",
        "as_of": "datetime.date | None", **SAMPLE_ARGUMENT,
    }  # fmt: skip
    argument_descriptions: Mapping[str, str] = {
        "professions": "Global ids of the professions to include (default: every profession).",
        "provinces": "The provinces to include, in English (default: all "
        f"{len(PROVINCES)} provincial-level divisions).",
    }
    returns: str = "Coverage"
    answer: Sequence[Obj] = (COVERAGE, CELL)
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = (MEASURE,)
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        args = field.arguments
        provinces = list(args.get("provinces") or PROVINCES)
        for index, province in enumerate(provinces):
            if province not in PROVINCES:
                raise BadInput(f"{province!r} is not a provincial-level division",
                               (self.name, "provinces", index),
                               "an English name such as Beijing or Inner Mongolia")  # fmt: skip
        values: dict[str, object] = {"provinces": provinces}
        only, cells, less = [], ["{cell}"], ""
        if args.get("professions") is not None:
            values["professions"] = [ids.raw(v, "Profession", (self.name, "professions", i))
                                     for i, v in enumerate(args["professions"])]  # fmt: skip
            only.append("{p}.id IN {professions}")
        if not build.sample_included(args):
            only.append(real("p"))
            cells, less = ["{cell}", "{sampleCell}"], SAMPLE_CELL
        where = f" WHERE {' AND '.join(only)}" if only else ""
        prelude = Cypher(
            "CALL () {{ MATCH ({p}:Profession)" + where + " WITH {p} ORDER BY {p}.name, {p}.id "
            "UNWIND {provinces} AS {province} "
            "OPTIONAL MATCH ({cell}:CoverageCell {{id: {p}.id + '|' + {province}}}) "
            + less
            + "RETURN collect({{profession: {p}, province: {province}, counts: "
            + counts(cells)
            + "}}) AS cells }}",
            values,
        )
        answer = answers.entry(build, COVERAGE, field, (self.name,))
        return Ask(answer, prelude=prelude, values={"today": as_of(args)})
