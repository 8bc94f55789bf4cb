"""The GraphQL schema: root types wired to the graph layer."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext, Info

from ecosystem import __version__
from ecosystem.api.context import Context
from ecosystem.api.extensions import OperationMetrics


@strawberry.type(description="Size of the graph.")
class EcosystemStats:
    node_count: int = strawberry.field(description="Nodes in the graph.")
    relationship_count: int = strawberry.field(description="Relationships in the graph.")


@strawberry.type
class Query:
    @strawberry.field(description="Version of the ecosystem API.")
    def version(self) -> str:
        return __version__

    @strawberry.field(description="Counts over the whole graph.")
    async def ecosystem_stats(self, info: Info[Context, None]) -> EcosystemStats:
        # Whole-label counts come from Neo4j's count store, so this is O(1) at any size;
        # the migration bookkeeping nodes are not part of the ecosystem.
        rows = await info.context.db.read(
            "CALL () { MATCH (n) RETURN count(n) AS everything } "
            "CALL () { MATCH (m:SchemaMigration) RETURN count(m) AS bookkeeping } "
            "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
            "RETURN everything - bookkeeping AS nodes, relationships"
        )
        return EcosystemStats(
            node_count=rows[0]["nodes"], relationship_count=rows[0]["relationships"]
        )


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Errors are logged once, where they are formatted for the client (api.errors)."""


def build_schema(**kwargs: Any) -> Schema:
    return Schema(query=Query, extensions=[OperationMetrics], **kwargs)
