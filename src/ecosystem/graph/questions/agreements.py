"""`agreementsByStatus`: agreements planned, in force or expired on a day, and those expiring
within some days.

Definition (domain/definitions.py): an agreement's term runs from `validFrom` (unset: the day
it was signed; both unset: always) to `validUntil` (unset: open-ended), both days included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem.domain.definitions import AGREEMENT_STATUS_MEANINGS, AgreementStatus
from ecosystem.graph import ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.plan import Ask, Cypher, Root, SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Leaf, NodeRef, Obj
from ecosystem.graph.errors import BadInput
from ecosystem.graph.questions.base import SAMPLE_ARGUMENT, all_of, as_of, sample

STARTS = "coalesce({node}.validFrom, {node}.signedOn)"
ENDS = "{node}.validUntil"
STATUS = (
    f"CASE WHEN {STARTS} > {{today}} THEN '{AgreementStatus.PLANNED.value}' "
    f"WHEN {ENDS} < {{today}} THEN '{AgreementStatus.EXPIRED.value}' "
    f"ELSE '{AgreementStatus.IN_FORCE.value}' END"
)
DAYS_LEFT = (
    f"CASE WHEN {STATUS} = '{AgreementStatus.IN_FORCE.value}' AND {ENDS} IS NOT NULL "
    f"THEN duration.inDays({{today}}, {ENDS}).days END"
)
#: The longest look ahead `expiringWithinDays` takes: ten years.
MAX_DAYS_AHEAD = 3660

STATUS_ENUM = EnumSpec.described(
    "AgreementStatus",
    "Where an agreement's term stands on a day.",
    {status.value: meaning for status, meaning in AGREEMENT_STATUS_MEANINGS.items()},
)
EDGE = Obj(
    "AgreementStatusEdge",
    {
        "node": NodeRef("Agreement", "{node}", "The agreement."),
        "status": Leaf(STATUS, "AgreementStatus", "Where its term stands on the day."),
        "startsOn": Leaf(
            f"toString({STARTS})",
            "datetime.date | None",
            "The first day of its term: validFrom, else the day it was signed (null: unknown).",
        ),
        "endsOn": Leaf(
            f"toString({ENDS})", "datetime.date | None", "The last day of its term (null: open)."
        ),
        "daysLeft": Leaf(
            DAYS_LEFT,
            "int | None",
            "In force with an end: days from the day asked about to its last day (0: ends that "
            "day); null otherwise.",
        ),
    },
    "An agreement and its status on the day.",
)
WHERE = InputSpec(
    "AgreementStatusWhere",
    {
        "organisationId": (
            "strawberry.ID | None",
            "This organisation (or one of its units) is a party to it.",
        ),
        "kind": ("AgreementKind | None", "Agreements of this kind."),
    },
    "Narrows agreements.",
)


class AgreementsByStatus:
    name: str = "agreementsByStatus"
    description: str = (
        "Agreements by where their term stands on a day: planned, in force or expired, and "
        "those in force that expire within some days (Relay connection, ordered by title)."
    )
    arguments: Mapping[str, str] = {
        "status": "list[AgreementStatus] | None",
        "expiring_within_days": "int | None",
        "as_of": "datetime.date | None",
        "where": "AgreementStatusWhere | None",
        "first": "int | None",
        "after": "str | None",
        **SAMPLE_ARGUMENT,
    }
    argument_descriptions: Mapping[str, str] = {
        "status": "Only agreements with one of these statuses on the day (default: all).",
        "expiring_within_days": "Only agreements in force on the day whose term ends within "
        f"this many days of it (0: ends that day; at most {MAX_DAYS_AHEAD}).",
        "as_of": "The day asked about (default today).",
    }
    returns: str = "AgreementStatusConnection"
    answer: Sequence[Obj] = (EDGE,)
    inputs: Sequence[InputSpec] = (WHERE,)
    enums: Sequence[EnumSpec] = (STATUS_ENUM,)
    requires: str | None = None

    def plan(self, field: Field, build: Builder) -> Root:
        agreement = build.domain.node("Agreement")
        order = (SortKey(agreement.property("title")), SortKey(agreement.property("id")))
        conditions = [*self._term(field.arguments), *sample(field, build)]
        conditions += self._filters(field.arguments.get("where") or {})
        connection = answers.connection(
            build,
            field,
            node=agreement,
            edge=EDGE,
            order=order,
            page=build.page(order, field.arguments, (self.name,)),
            condition=all_of(conditions),
            path=(self.name,),
        )
        return Ask(connection, values={"today": as_of(field.arguments)})

    def _term(self, args: Mapping[str, Any]) -> list[Cypher]:
        found = []
        if statuses := args.get("status"):
            chosen = sorted({getattr(s, "value", s) for s in statuses})
            found.append(Cypher(STATUS + " IN {statuses}", {"statuses": chosen}))
        if (days := args.get("expiringWithinDays")) is not None:
            if not 0 <= days <= MAX_DAYS_AHEAD:
                raise BadInput(
                    f"expiringWithinDays must be between 0 and {MAX_DAYS_AHEAD}",
                    (self.name, "expiringWithinDays"),
                    f"a number of days from 0 to {MAX_DAYS_AHEAD}",
                )
            found.append(
                Cypher(
                    f"{STATUS} = '{AgreementStatus.IN_FORCE.value}' AND "
                    f"{ENDS} <= {{today}} + duration({{{{days: {{ahead}}}}}})",
                    {"ahead": days},
                )
            )
        return found

    def _filters(self, where: Mapping[str, Any]) -> list[Cypher]:
        found = []
        if (org := where.get("organisationId")) is not None:
            raw = ids.raw(org, "Organisation", (self.name, "where", "organisationId"))
            found.append(
                Cypher(
                    "EXISTS {{ MATCH ({node})<-[:PARTY_TO]-(:Organisation)-[:PART_OF*0..]->"
                    "(:Organisation {{id: {org}}}) }}",
                    {"org": raw},
                )
            )
        if (kind := where.get("kind")) is not None:
            found.append(Cypher("{node}.kind = {kind}", {"kind": getattr(kind, "value", kind)}))
        return found
