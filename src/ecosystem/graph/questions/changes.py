"""`changes`: the audit trail, newest first. Written only in the transactions it records;
no mutation touches it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecosystem.domain import NodeType, Property, Scalar
from ecosystem.graph import ids
from ecosystem.graph.compiler import answers
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.filters import convert
from ecosystem.graph.compiler.plan import Ask, Cypher, Root, SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import EnumSpec, InputSpec, Leaf, Obj
from ecosystem.graph.questions.base import all_of

AT = Property("at", Scalar.DATETIME, required=True)
ID = Property("id", Scalar.ID, required=True)
# The audit trail is not part of the ecosystem's domain: its entries, as the compiler sees them.
ENTRY = NodeType("AuditEntry", "changes", (AT, ID), ("id",))
ORDER = (SortKey(AT, descending=True), SortKey(ID, descending=True))

CHANGE = Obj(
    "Change",
    {
        "at": Leaf("toString({node}.at)", "datetime.datetime", "When it was written."),
        "actor": Leaf("{node}.actor", "str", "Who wrote it (an API key's name, or the CLI user)."),
        "role": Leaf(
            "coalesce({node}.role, 'cli')", "str", "The writer's role (`cli` for the command)."
        ),
        "operation": Leaf(
            "{node}.operation",
            "str",
            "create, update, delete, upsert:create, upsert:update, link, unlink.",
        ),
        "targetId": Leaf(
            "{node}.targetType + ':' + {node}.targetId",
            "strawberry.ID",
            "The node or relationship changed.",
        ),
        "before": Leaf("{node}.before", "str | None", "Changed properties before, as JSON."),
        "after": Leaf("{node}.after", "str | None", "Changed properties after, as JSON."),
    },
    "One write, as the audit trail recorded it.",
)
EDGE = Obj(
    "ChangeEdge",
    {
        "node": CHANGE,
    },
    "A change in the audit trail.",
)


class Changes:
    name: str = "changes"
    description: str = "The audit trail, newest first (Relay connection)."
    arguments: Mapping[str, str] = {
        "target_id": "strawberry.ID | None",
        "since": "datetime.datetime | None",
        "first": "int | None",
        "after": "str | None",
    }
    argument_descriptions: Mapping[str, str] = {
        "target_id": "Only the changes to this node or relationship (its global id).",
        "since": "Only the changes written at or after this time.",
    }
    returns: str = "ChangeConnection"
    answer: Sequence[Obj] = (EDGE, CHANGE)
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = ()
    requires: str | None = "audit"  # the audit trail: the secretariat and admins

    def plan(self, field: Field, build: Builder) -> Root:
        args, conditions = field.arguments, []
        if (target := args.get("targetId")) is not None:
            known = {n.name for n in build.domain.nodes}
            known |= {r.type for r in build.domain.relationships}
            _, raw = ids.expect(target, known, (self.name, "targetId"))
            conditions.append(Cypher("{node}.targetId = {target}", {"target": raw}))
        if (since := args.get("since")) is not None:
            text = since if isinstance(since, str) else since.isoformat()
            day = convert(AT, text, (self.name, "since"), ENTRY.name)
            conditions.append(Cypher("{node}.at >= {since}", {"since": day}))
        return Ask(
            answers.connection(
                build,
                field,
                node=ENTRY,
                edge=EDGE,
                order=ORDER,
                page=build.page(ORDER, args, (self.name,)),
                condition=all_of(conditions),
                path=(self.name,),
            )
        )
