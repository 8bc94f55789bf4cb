"""`changes`: the audit trail, newest first. Written only in the transactions it records;
no mutation touches it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecosystem.domain import Property, Scalar
from ecosystem.graph import ids
from ecosystem.graph.compiler.filters import convert
from ecosystem.graph.compiler.plan import SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.shapes import Leaf, Obj, Shape, ShapeRenderer
from ecosystem.graph.questions.base import EnumSpec, InputSpec

LABEL = "AuditEntry"
AT = Property("at", Scalar.DATETIME, required=True)
ID = Property("id", Scalar.ID, required=True)
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
        "cursor": Leaf("", "str"),
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
    returns: str = "ChangeConnection"
    answer: Sequence[Obj] = (EDGE, CHANGE)
    inputs: Sequence[InputSpec] = ()
    enums: Sequence[EnumSpec] = ()

    def compile(self, field: Field, shapes: ShapeRenderer) -> tuple[str, Shape | None]:
        args, r = field.arguments, shapes.renderer
        page = shapes.builder.page(ORDER, args, (self.name,))
        entry = r.variable("change")
        conditions = []
        if (target := args.get("targetId")) is not None:
            domain = shapes.domain
            known = {n.name for n in domain.nodes} | {r.type for r in domain.relationships}
            _, raw = ids.expect(target, known, (self.name, "targetId"))
            conditions.append(f"{entry}.targetId = {r.param(raw)}")
        if (since := args.get("since")) is not None:
            day = convert(
                AT,
                since if isinstance(since, str) else since.isoformat(),
                (self.name, "since"),
                LABEL,
            )
            conditions.append(f"{entry}.at >= {r.param(day)}")
        answer, shape = shapes.connection(
            field,
            label=LABEL,
            var=entry,
            condition=" AND ".join(conditions) or None,
            order=ORDER,
            page=page,
            edge=EDGE,
            scope={},
            path=(self.name,),
        )
        return f"RETURN {answer} AS data", shape
