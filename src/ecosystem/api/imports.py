"""`importRecords`: records in the export's node-link layout, imported as `ecosystem import`
imports a file (the same checks, one transaction, audited), up to `import_max_records` a request.
Larger loads belong to the CLI, which streams them."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLResolveInfo
from strawberry.scalars import JSON

from ecosystem import graph
from ecosystem.api.errors import EcosystemError, ErrorCode
from ecosystem.api.execution import Complete, plain_variables
from ecosystem.api.types import Namespace, declared_arguments
from ecosystem.domain import ECOSYSTEM
from ecosystem.graph import BadInput, require

FIELD = "importRecords"
SHOWN_PROBLEMS = 100  # a client fixing its data needs the first ones, not 5,000 copies


@strawberry.type(description="What an import wrote (or, for a dry run, found fine).")
class ImportPayload:
    nodes: int = strawberry.field(description="Node records upserted by natural key.")
    relationships: int = strawberry.field(description="Relationship records merged.")
    dry_run: bool = strawberry.field(description="True when nothing was written.")


def declare(ns: Namespace) -> dict[str, tuple[str, Any]]:
    ns.add("ImportPayload", ImportPayload)
    ns.add("JSON", JSON)
    arguments = {"nodes": "list[JSON]", "links": "list[JSON] | None", "dry_run": "bool | None"}
    described = {
        "nodes": "Node records: `nodeType`, `dataSource` and the properties, each upserted by "
        "its natural key.",
        "links": "Relationship records: `relationshipType`, `source` and `target` (the global "
        "ids of its two nodes), `dataSource` and the properties.",
        "dry_run": "Check everything and write nothing (default false).",
    }
    description = (
        "Upsert nodes (by natural key) and relationships given in the export's node-link JSON "
        "layout (`nodeType`, `dataSource`, properties; links with `relationshipType`, "
        "`source`, `target`), all or nothing, audited. Every problem is reported, each with "
        "its path, and nothing is written. At most `import_max_records` records a request."
    )
    return {
        FIELD: (
            "ImportPayload",
            strawberry.field(
                name=FIELD,
                description=description,
                resolver=declared_arguments("ImportPayload", arguments, described),
            ),
        )
    }


async def resolve_import(_root: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Complete:
    context = info.context
    principal = context.principal
    require(principal, principal.grant.import_, "import records")
    variables = plain_variables(info.variable_values)  # type: ignore[arg-type]
    field = context.reads.select(info.field_nodes, info.fragments, variables)
    nodes, links = field.arguments.get("nodes") or [], field.arguments.get("links") or []
    _check_shape(field.name, nodes, links, context.limits.import_records)
    dry_run = bool(field.arguments.get("dryRun"))
    outcome = await graph.importing.run(
        context.db,
        ECOSYSTEM,
        graph.importing.node_link({"nodes": nodes, "links": links}, "nodes", "links", first_row=0),
        actor=principal.name,
        role=principal.role.value,
        dry_run=dry_run,
        timeout_s=context.settings.query_timeout_s,
    )
    if outcome.problems:
        problems = [
            {"argument": f"{field.name}.{p.file}.{p.row}.{p.field}", "message": p.message}
            for p in outcome.problems[:SHOWN_PROBLEMS]
        ]
        raise EcosystemError(
            ErrorCode.BAD_INPUT,
            f"{len(outcome.problems)} problem(s) in the records; nothing was imported",
            argument=field.name,
            problems=problems,
            expected="records that fit the domain (see `problems`)",
        )
    values = {
        "nodes": outcome.nodes,
        "relationships": outcome.relationships,
        "dryRun": not outcome.written,
        "__typename": "ImportPayload",
    }
    return Complete({c.key: values[c.name] for c in field.children})


def _check_shape(field: str, nodes: list[Any], links: list[Any], limit: int) -> None:
    if len(nodes) + len(links) > limit:
        raise BadInput(
            f"{len(nodes) + len(links)} records are more than {limit} a request; "
            "use `ecosystem import` for more",
            (field,),
            f"at most {limit} nodes and links together",
        )
    for name, items in (("nodes", nodes), ("links", links)):
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise BadInput("each record is an object", (field, name, index), "a JSON object")
