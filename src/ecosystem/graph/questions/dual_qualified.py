"""`dualQualifiedTrainers`: trainers with a teaching and an industry credential, and why.

Definition (domain/definitions.py): at least one TEACHING credential and at least one
VOCATIONAL_SKILL or INDUSTRY_EXPERIENCE credential, or a PROFESSIONAL_TITLE from industry,
each obtained by the day asked about. Each hit lists the qualifying credentials on each side
and says whether the trainer is a reciprocal hire, and for which reasons: a current
RECIPROCAL_HIRE affiliation, current affiliations with an enterprise and a school at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.domain.definitions import (
    ENTERPRISE_KINDS,
    INDUSTRY_CATEGORIES,
    INDUSTRY_TITLE_CATEGORY,
    RECIPROCAL_HIRE_TYPE,
    TEACHING_CATEGORIES,
)
from ecosystem.graph import derived, ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Page, Root, SortKey, Walk
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Leaf, ListOf, NodeRef, Obj
from ecosystem.graph.questions.base import (
    SAMPLE_ARGUMENT,
    SCHOOLS,
    all_of,
    as_of,
    current,
    cypher_list,
    sample,
)

TEACHING = f"c.category IN {cypher_list(TEACHING_CATEGORIES)}"
INDUSTRY = (
    f"(c.category IN {cypher_list(INDUSTRY_CATEGORIES)} OR "
    f"(c.category = '{INDUSTRY_TITLE_CATEGORY}' AND c.fromIndustry = true))"
)
# `{node}` is the trainer: whether dual-qualified, and when a reciprocal hire, are derived
# facts kept by every write (graph/derived/); the edges list the credentials that qualify.
DEFINITION = derived.reading.DUAL
RECIPROCAL = derived.reading.RECIPROCAL


def _held(side: str) -> str:
    return (
        "COLLECT {{ MATCH ({node})-[h:HOLDS]->(c:Credential) WHERE " + side + " "
        "AND (h.obtainedOn IS NULL OR h.obtainedOn <= {today}) "
        "WITH h, c ORDER BY c.name, c.id "
        "RETURN {{credential: c, level: coalesce(h.level, c.level), obtainedOn: h.obtainedOn}} }}"
    )


def _affiliated(kinds: str) -> str:
    # `current` leaves the `{today}` placeholder for the question's `asOf`.
    return (
        "COLLECT {{ MATCH ({node})-[a:AFFILIATED_WITH]->(o:Organisation) "
        f"WHERE o.kind IN {kinds} AND {current('a')} "
        "WITH DISTINCT o ORDER BY o.name, o.id RETURN o }}"
    )


HELD = Obj(
    "HeldCredential",
    {
        "credential": NodeRef("Credential", "{held}.credential", "The credential."),
        "level": Leaf(
            "{held}.level", "int | None", "Level attained (1 highest), where it has one."
        ),
        "obtainedOn": Leaf("toString({held}.obtainedOn)", "datetime.date | None", "When obtained."),
    },
    "A credential as a trainer holds it.",
)

ENTERPRISES = _affiliated(cypher_list(ENTERPRISE_KINDS))
REASON = EnumSpec.described(
    "ReciprocalHireReason",
    "Why a trainer counts as a reciprocal hire on the day (either is enough).",
    {
        "RECIPROCAL_HIRE_AFFILIATION": "A current affiliation of type RECIPROCAL_HIRE: the "
        "partner recorded the hire as one, even if the trainer's other employer is not in the "
        "graph.",
        "ENTERPRISE_AND_SCHOOL": "Current affiliations with an ENTERPRISE and with a school "
        "(VOCATIONAL_COLLEGE, UNIVERSITY, OPEN_UNIVERSITY) at once, whatever their types.",
    },
)


def _reasons() -> str:
    """Cypher: the reasons, as `derived.reciprocal` reads them, on the question's day."""

    def affiliated(condition: str) -> str:
        return (
            "EXISTS {{ MATCH ({node})-[a:AFFILIATED_WITH]->(o:Organisation) "
            f"WHERE {condition} AND {current('a')} }}}}"
        )

    hired = affiliated(f"a.type = '{RECIPROCAL_HIRE_TYPE}'")
    both = (
        f"{affiliated(f'o.kind IN {cypher_list(ENTERPRISE_KINDS)}')} AND "
        f"{affiliated(f'o.kind IN {SCHOOLS}')}"
    )
    return (
        f"[r IN [['{REASON.values[0]}', {hired}], ['{REASON.values[1]}', {both}]] "
        "WHERE r[1] | r[0]]"
    )


EDGE = Obj(
    "DualQualifiedTrainerEdge",
    {
        "node": NodeRef("Trainer", "{node}", "The trainer."),
        "teachingCredentials": ListOf(
            _held(TEACHING), "held", HELD, "The TEACHING credentials that qualify."
        ),
        "industryCredentials": ListOf(
            _held(INDUSTRY), "held", HELD, "The industry credentials that qualify."
        ),
        "reciprocalHire": Leaf(
            RECIPROCAL,
            "bool",
            "A reciprocal hire (校企互聘) on the day: a current RECIPROCAL_HIRE affiliation, or "
            "current affiliations with an enterprise and with a school at once.",
        ),
        "reciprocalHireReasons": Leaf(
            _reasons(), "list[ReciprocalHireReason]", "Which of the two make it one (if any)."
        ),
        "enterprises": ListOf(
            ENTERPRISES,
            "org",
            NodeRef("Organisation", "{org}"),
            "Enterprises the trainer is currently affiliated with.",
        ),
        "schools": ListOf(
            _affiliated(SCHOOLS),
            "org",
            NodeRef("Organisation", "{org}"),
            "Schools the trainer is currently affiliated with.",
        ),
    },
    "A dual-qualified trainer and the reasons.",
)

WHERE = InputSpec(
    "DualQualifiedWhere",
    {
        "organisationId": (
            "strawberry.ID | None",
            "Currently affiliated with this organisation or one of its units (the organisation "
            "filters together describe one current affiliation).",
        ),
        "organisationKind": (
            "OrganisationKind | None",
            "Currently affiliated with an organisation of this kind.",
        ),
        "province": ("str | None", "Currently affiliated with an organisation in this province."),
        "professionId": (
            "strawberry.ID | None",
            "Holds a credential that certifies this profession.",
        ),
        "credentialLevel": (
            "int | None",
            "Holds a VOCATIONAL_SKILL credential at this level or higher (1 is "
            "the highest, 5 the lowest).",
        ),
        "reciprocalHireOnly": ("bool | None", "Only reciprocal hires."),
    },
    "Narrows dual-qualified trainers.",
)


class DualQualifiedTrainers:
    name: str = "dualQualifiedTrainers"
    description: str = (
        "Dual-qualified (双师型) trainers: holding a TEACHING credential and a VOCATIONAL_SKILL, "
        "INDUSTRY_EXPERIENCE or industry PROFESSIONAL_TITLE credential, each obtained by "
        "`asOf`, with the reasons (Relay connection, ordered by name)."
    )
    arguments: Mapping[str, str] = {
        "where": "DualQualifiedWhere | None",
        "as_of": "datetime.date | None",
        "first": "int | None",
        "after": "str | None",
        **SAMPLE_ARGUMENT,
    }
    argument_descriptions: Mapping[str, str] = {
        "as_of": "The day asked about (default today): credentials obtained by then count, and "
        "affiliations current on it.",
    }
    returns: str = "DualQualifiedTrainerConnection"
    answer: Sequence[Obj] = (EDGE, HELD)
    inputs: Sequence[InputSpec] = (WHERE,)
    enums: Sequence[EnumSpec] = (REASON,)
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        trainer = build.domain.node("Trainer")
        order = (SortKey(trainer.property("name")), SortKey(trainer.property("id")))
        where = field.arguments.get("where") or {}
        page = build.page(order, field.arguments, (self.name,))
        count, walk = self._kept(where, page, build.sample_included(field.arguments))
        connection = answers.connection(
            build,
            field,
            node=trainer,
            edge=EDGE,
            order=order,
            page=page,
            condition=all_of([Cypher(DEFINITION), *self._filters(where), *sample(field, build)]),
            path=(self.name,),
            source=self._through_organisation(where),
            walk=walk,
            count=count,
        )
        return Ask(connection, values={"today": as_of(field.arguments)})

    def _kept(
        self, where: Mapping[str, Any], page: Page, with_sample: bool
    ) -> tuple[Cypher | None, Walk | None]:
        """With no filter, or a province alone, the count is kept by the writes (the
        counters, or the province's cell across professions: graph/derived/). No filter: the
        page is read in name order (most trainers are dual-qualified at scale). A province:
        its count says how to find the page: when at least `first × trainers` is below its
        square, a walk of the trainers by name fills the page after fewer entries (about
        first × trainers / count) than the province has matches, which the other way finds
        and sorts, all of them."""
        # `reciprocalHireOnly: false` narrows nothing; any other value given does.
        named = {name for name, value in where.items() if value is not None and value is not False}
        if not named:
            return Cypher(derived.reading.dual_at_work(None, with_sample)), Walk()
        if named != {"province"}:
            return None, None
        values = {"province": where["province"], "first": page.first}
        count = derived.reading.dual_at_work("{province}", with_sample)
        matches = (
            "EXISTS {{ MATCH ({node})-[{atWork}:AFFILIATED_WITH]->({workplace}:Organisation) "
            f"WHERE {{workplace}}.province = {{province}} AND {current('{atWork}')} }}}}"
        )
        trainers = "COUNT {{ (:Trainer) }}"  # from the count store
        when = f"any({{n}} IN [{count}] WHERE {{n}} * {{n}} > {{first}} * {trainers})"
        return Cypher(count, values), Walk(Cypher(when, values), Cypher(matches, values))

    def _through_organisation(self, where: Mapping[str, Any]) -> Cypher | None:
        """Organisation filters name one current affiliation: start there, from an index."""
        head, conditions, values = "", [current("{affiliation}")], {}
        if (org := where.get("organisationId")) is not None:
            values["org"] = ids.raw(org, "Organisation", (self.name, "where", "organisationId"))
            head = "(:Organisation {{id: {org}}})<-[:PART_OF*0..]-"
        for arg, column in (("organisationKind", "kind"), ("province", "province")):
            if (value := where.get(arg)) is not None:
                values[arg] = value
                conditions.append(f"{{organisation}}.{column} = {{{arg}}}")
        if not values:
            return None
        return Cypher(
            f"MATCH {head}({{organisation}}:Organisation)<-[{{affiliation}}:AFFILIATED_WITH]-"
            f"({{node}}:Trainer) WHERE {' AND '.join(conditions)} WITH DISTINCT {{node}}",
            values,
        )

    def _filters(self, where: Mapping[str, Any]) -> list[Cypher]:
        found = []
        if (profession := where.get("professionId")) is not None:
            raw = ids.raw(profession, "Profession", (self.name, "where", "professionId"))
            found.append(
                Cypher(
                    "EXISTS {{ MATCH ({node})-[:HOLDS]->(:Credential)-[:CERTIFIES]->"
                    "(:Profession {{id: {profession}}}) }}",
                    {"profession": raw},
                )
            )
        if (level := where.get("credentialLevel")) is not None:
            found.append(
                Cypher(
                    "EXISTS {{ MATCH ({node})-[h:HOLDS]->(c:Credential) WHERE c.category = "
                    "'VOCATIONAL_SKILL' AND coalesce(h.level, c.level) <= {level} }}",
                    {"level": level},
                )
            )
        if where.get("reciprocalHireOnly"):
            found.append(Cypher(RECIPROCAL))
        return found
