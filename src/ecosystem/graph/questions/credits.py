"""The credit bank (学分银行): which institutions recognise which courses for credit, and how a
learner's credits move between two members.

Definition: an institution RECOGNISES a course with some credits from `since` (unset: always).
A learner's credits for a course move from member A to member B when A (or one of its units)
develops or recognises the course and B (or one of its units) recognises it: what the learner
achieved with A counts at B.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.graph import ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root, SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Leaf, ListOf, NodeRef, Obj
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import SAMPLE_ARGUMENT, all_of, as_of, sample

RECOGNISED = "(r.since IS NULL OR r.since <= {today})"


def within(variable: str, organisation: str) -> str:
    """Cypher: the organisation `variable` is the one whose id is the placeholder
    `organisation`, or one of its units."""
    return (
        f"EXISTS {{{{ MATCH ({variable})-[:PART_OF*0..]->"
        f"(:Organisation {{{{id: {{{organisation}}}}}}}) }}}}"
    )


def recognitions(by: str | None = None) -> str:
    """Cypher: the course `{node}`'s recognitions on the day (by organisation `{by}` or one
    of its units, when given), institution by name."""
    narrowed = f" AND {within('i', by)}" if by else ""
    return (
        "COLLECT {{ MATCH ({node})<-[r:RECOGNISES]-(i:Organisation) WHERE "
        + RECOGNISED
        + narrowed
        + " WITH r, i ORDER BY i.name, i.id "
        "RETURN {{institution: i, credits: r.credits, since: r.since}} }}"
    )


RECOGNITION = Obj(
    "CreditRecognition",
    {
        "institution": NodeRef("Organisation", "{rec}.institution", "Who grants the credits."),
        "credits": Leaf("{rec}.credits", "float", "Credits it grants for the course."),
        "since": Leaf("toString({rec}.since)", "datetime.date | None", "From when (null: always)."),
    },
    "A course's recognition for credit by one institution.",
)
EDGE = Obj(
    "CreditRecognitionEdge",
    {
        "node": NodeRef("Course", "{node}", "The course."),
        "recognitions": ListOf(
            recognitions(), "rec", RECOGNITION, "Every institution recognising it on the day."
        ),
    },
    "A course recognised for credit, and by whom.",
)
WHERE = InputSpec(
    "CreditRecognitionWhere",
    {
        "courseId": ("strawberry.ID | None", "This course."),
        "organisationId": (
            "strawberry.ID | None",
            "Recognised by this organisation (or one of its units).",
        ),
    },
    "Narrows credit recognitions.",
)
AS_OF = {"as_of": "The day asked about (default today): recognitions from then count."}


def _course_order(build: Builder) -> tuple[SortKey, ...]:
    course = build.domain.node("Course")
    return (SortKey(course.property("title")), SortKey(course.property("id")))


class CreditRecognitions:
    name: str = "creditRecognitions"
    description: str = (
        "Courses recognised for credit in the credit bank (学分银行), with each institution "
        "and its credits (Relay connection, ordered by title)."
    )
    arguments: Mapping[str, str] = {
        "where": "CreditRecognitionWhere | None",
        "as_of": "datetime.date | None",
        "first": "int | None",
        "after": "str | None",
        **SAMPLE_ARGUMENT,
    }
    argument_descriptions: Mapping[str, str] = AS_OF
    returns: str = "CreditRecognitionConnection"
    answer: Sequence[Obj] = (EDGE, RECOGNITION)
    inputs: Sequence[InputSpec] = (WHERE,)
    enums: Sequence[EnumSpec] = ()
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        where, values = field.arguments.get("where") or {}, {}
        recognised = "EXISTS {{ MATCH ({node})<-[r:RECOGNISES]-(i:Organisation) WHERE " + RECOGNISED
        if (org := where.get("organisationId")) is not None:
            values["org"] = ids.raw(org, "Organisation", (self.name, "where", "organisationId"))
            recognised += " AND " + within("i", "org")
        conditions = [Cypher(recognised + " }}", values), *sample(field, build)]
        if (course := where.get("courseId")) is not None:
            raw = ids.raw(course, "Course", (self.name, "where", "courseId"))
            conditions.append(Cypher("{node}.id = {course}", {"course": raw}))
        order = _course_order(build)
        connection = answers.connection(
            build,
            field,
            node=build.domain.node("Course"),
            edge=EDGE,
            order=order,
            page=build.page(order, field.arguments, (self.name,)),
            condition=all_of(conditions),
            path=(self.name,),
        )
        return Ask(connection, values={"today": as_of(field.arguments)})


# How member A holds a course its learners' credits start from.
HOLDING = (
    "COLLECT {{ MATCH ({node})-[d:DEVELOPED_BY]->(o:Organisation) "
    f"WHERE (d.since IS NULL OR d.since <= {{today}}) AND {within('o', 'start')} "
    "RETURN {{organisation: o, how: 'DEVELOPS', credits: {node}.credits}} AS h "
    "UNION MATCH ({node})<-[r:RECOGNISES]-(o:Organisation) "
    f"WHERE {RECOGNISED} AND {within('o', 'start')} "
    "RETURN {{organisation: o, how: 'RECOGNISES', credits: r.credits}} AS h }}"
)
HOW = EnumSpec.described(
    "CreditHolding",
    "How the starting member holds a course on a credit path.",
    {
        "DEVELOPS": "It (or one of its units) develops the course (DEVELOPED_BY).",
        "RECOGNISES": "It (or one of its units) recognises the course for credit (RECOGNISES).",
    },
)
HOLD = Obj(
    "CreditHold",
    {
        "organisation": NodeRef("Organisation", "{hold}.organisation", "The member or its unit."),
        "how": Leaf("{hold}.how", "CreditHolding", "Develops or recognises the course."),
        "credits": Leaf(
            "{hold}.credits",
            "float | None",
            "Credits there: its recognition's, or the course's own when it develops it.",
        ),
    },
    "Where a learner's credits for the course start.",
)
PATH_EDGE = Obj(
    "CreditPathEdge",
    {
        "node": NodeRef("Course", "{node}", "The course the credits are for."),
        "origin": ListOf(HOLDING, "hold", HOLD, "How the first member (fromId) holds it."),
        "destination": ListOf(
            recognitions("goal"),
            "rec",
            RECOGNITION,
            "How the second member (toId) recognises it.",
        ),
    },
    "A course through which a learner's credits move from one member to the other.",
)


class CreditPaths:
    name: str = "creditPaths"
    description: str = (
        "How a learner's credits move from one member to another through the credit bank: "
        "the courses the first develops or recognises that the second recognises (Relay "
        "connection, ordered by title)."
    )
    arguments: Mapping[str, str] = {
        "from_id": "strawberry.ID",
        "to_id": "strawberry.ID",
        "as_of": "datetime.date | None",
        "first": "int | None",
        "after": "str | None",
        **SAMPLE_ARGUMENT,
    }
    argument_descriptions: Mapping[str, str] = {
        "from_id": "The member where the learner earned the credits (its units count as it).",
        "to_id": "The member where they are to count (its units count as it).",
        **AS_OF,
    }
    returns: str = "CreditPathConnection"
    answer: Sequence[Obj] = (PATH_EDGE, HOLD, RECOGNITION)
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = (HOW,)
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        args = field.arguments
        ends = self._ends(args)
        held = "size(" + HOLDING + ") > 0"
        recognised = "size(" + recognitions("goal") + ") > 0"
        order = _course_order(build)
        connection = answers.connection(
            build,
            field,
            node=build.domain.node("Course"),
            edge=PATH_EDGE,
            order=order,
            page=build.page(order, args, (self.name,)),
            condition=all_of([Cypher(recognised), Cypher(held), *sample(field, build)]),
            path=(self.name,),
        )
        return Ask(connection, values={"today": as_of(args), **ends})

    def _ends(self, args: Mapping[str, Any]) -> dict[str, str]:
        ends = {
            end: ids.raw(args[arg], "Organisation", (self.name, arg))
            for end, arg in (("start", "fromId"), ("goal", "toId"))
        }
        if ends["start"] == ends["goal"]:
            raise BadInput(
                "fromId and toId are the same organisation", (self.name, "toId"), "two members"
            )
        return ends
