"""`sharedTrainingBases`: bases operated or used by two or more distinct organisations.

A base used twice by one organisation is not shared; one operated by an enterprise and used
by a school is, and is *cross-sector* (an enterprise and a school among its organisations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.graph import derived, ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root, SortKey, Walk
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Leaf, ListOf, NodeRef, Obj
from ecosystem.graph.questions.base import SAMPLE_ARGUMENT, all_of, sample

TAKING_PART = "[:OPERATED_BY|USED_BY]"
# How many organisations take part and whether across sectors are derived facts kept by
# every write (graph/derived/): no expansion of each base per request.
ORGANISATIONS = derived.reading.ORGANISATION_COUNT
SHARED = derived.reading.SHARED
SHARED_ACROSS_SECTORS = derived.reading.SHARED_ACROSS_SECTORS
CROSS_SECTOR = derived.reading.CROSS_SECTOR
# Each organisation once, with every way it takes part: BUILDER / CO_BUILDER (or OPERATOR
# when the role is not recorded) for OPERATED_BY, USER for USED_BY.
PARTICIPANTS = (
    "COLLECT {{ MATCH ({node})-" + TAKING_PART + "->(o:Organisation) "
    "WITH DISTINCT o ORDER BY o.name, o.id "
    # (No aggregation here: Neo4j 5 refuses one inside a subquery nested in a projection.)
    "RETURN {{organisation: o, roles: COLLECT {{ MATCH ({node})-[r:OPERATED_BY|USED_BY]->(o) "
    "WITH DISTINCT CASE type(r) WHEN 'USED_BY' THEN 'USER' ELSE coalesce(r.role, 'OPERATOR') "
    "END AS role ORDER BY role RETURN role }}}} }}"
)

PARTICIPANT = Obj(
    "BaseParticipant",
    {
        "organisation": NodeRef("Organisation", "{part}.organisation", "The organisation."),
        "roles": Leaf("{part}.roles", "list[BaseRole]", "How it takes part (A–Z)."),
    },
    "An organisation operating or using a training base.",
)
EDGE = Obj(
    "SharedTrainingBaseEdge",
    {
        "node": NodeRef("TrainingBase", "{node}", "The training base."),
        "organisations": ListOf(
            PARTICIPANTS,
            "part",
            PARTICIPANT,
            "Every organisation operating or using it, with its roles.",
        ),
        "organisationCount": Leaf(ORGANISATIONS, "int", "Distinct organisations taking part."),
        "crossSector": Leaf(CROSS_SECTOR, "bool", "An enterprise and a school among them."),
    },
    "A shared training base and who shares it.",
)
WHERE = InputSpec(
    "SharedBaseWhere",
    {
        "province": ("str | None", "The base is in this province."),
        "professionId": ("strawberry.ID | None", "The base trains for this profession."),
        "organisationId": (
            "strawberry.ID | None",
            "This organisation (or one of its units) operates or uses the base.",
        ),
    },
    "Narrows shared training bases.",
)
ROLE = EnumSpec.described(
    "BaseRole",
    "How an organisation takes part in a training base.",
    {
        "BUILDER": "Operates it as its builder (OPERATED_BY, role BUILDER).",
        "CO_BUILDER": "Operates it as a co-builder (OPERATED_BY, role CO_BUILDER).",
        "OPERATOR": "Operates it in a role not recorded (OPERATED_BY without a role).",
        "USER": "Uses it for its trainees (USED_BY).",
    },
)


class SharedTrainingBases:
    name: str = "sharedTrainingBases"
    description: str = (
        "Shared training bases (实训基地): operated or used by two or more distinct "
        "organisations, with who shares them (Relay connection, ordered by name)."
    )
    arguments: Mapping[str, str] = {
        "where": "SharedBaseWhere | None",
        "cross_sector_only": "bool | None",
        "first": "int | None",
        "after": "str | None",
        **SAMPLE_ARGUMENT,
    }
    argument_descriptions: Mapping[str, str] = {
        "cross_sector_only": "Only bases shared across sectors: an enterprise and a school "
        "among their organisations.",
    }
    returns: str = "SharedTrainingBaseConnection"
    answer: Sequence[Obj] = (EDGE, PARTICIPANT)
    inputs: Sequence[InputSpec] = (WHERE,)
    enums: Sequence[EnumSpec] = (ROLE,)
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        base = build.domain.node("TrainingBase")
        order = (SortKey(base.property("name")), SortKey(base.property("id")))
        shared = SHARED_ACROSS_SECTORS if field.arguments.get("crossSectorOnly") else SHARED
        where = field.arguments.get("where") or {}
        return Ask(
            answers.connection(
                build,
                field,
                node=base,
                edge=EDGE,
                order=order,
                page=build.page(order, field.arguments, (self.name,)),
                condition=all_of([Cypher(shared), *self._filters(where), *sample(field, build)]),
                path=(self.name,),
                # A province has an index Neo4j seeks; the other conditions none (most bases
                # are shared: scanned and sorted, a page took 116 ms at scale 500, 12 walked).
                walk=None if "province" in where else Walk(),
            )
        )

    def _filters(self, where: Mapping[str, Any]) -> list[Cypher]:
        found = []
        if (province := where.get("province")) is not None:
            found.append(Cypher("{node}.province = {province}", {"province": province}))
        if (profession := where.get("professionId")) is not None:
            raw = ids.raw(profession, "Profession", (self.name, "where", "professionId"))
            found.append(
                Cypher(
                    "EXISTS {{ MATCH ({node})-[:TRAINS_FOR]->(:Profession {{id: {profession}}}) }}",
                    {"profession": raw},
                )
            )
        if (org := where.get("organisationId")) is not None:
            raw = ids.raw(org, "Organisation", (self.name, "where", "organisationId"))
            found.append(
                Cypher(
                    "EXISTS {{ MATCH ({node})-" + TAKING_PART + "->(:Organisation)-[:PART_OF*0..]->"
                    "(:Organisation {{id: {org}}}) }}",
                    {"org": raw},
                )
            )
        return found
