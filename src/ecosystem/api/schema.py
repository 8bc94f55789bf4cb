"""The GraphQL schema: generated types plus the root fields, wired to the compiler."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from ecosystem import __version__
from ecosystem.api import validation
from ecosystem.api.documents import DocumentParsing, DocumentValidation
from ecosystem.api.execution import PassthroughExecutionContext, resolve_compiled
from ecosystem.api.extensions import MaskedFields, OperationMetrics, OperationName
from ecosystem.api.imports import FIELD as IMPORT_FIELD
from ecosystem.api.imports import declare as declare_import
from ecosystem.api.imports import resolve_import
from ecosystem.api.mutations import declare as declare_mutations
from ecosystem.api.mutations import resolve_mutation
from ecosystem.api.questions import declare as declare_questions
from ecosystem.api.types import (
    Namespace,
    Node,
    TypeFactory,
    connection_arguments,
    declared_arguments,
)
from ecosystem.domain import ECOSYSTEM, Domain
from ecosystem.graph import QUESTIONS, SAMPLE_ARGUMENT, Compiler
from ecosystem.limits import Limits
from ecosystem.settings import Settings


@strawberry.type(description="A full-text search result.")
class SearchHit:
    score: float = strawberry.field(description="Lucene relevance: higher is better.")
    node: Node = strawberry.field(description="The node whose name matched.")


@strawberry.type
class BaseQuery:
    @strawberry.field(description="Version of the ecosystem API.")
    def version(self) -> str:
        return __version__


def _query_type(domain: Domain, ns: Namespace) -> type:
    ns.add("SearchHit", SearchHit)
    fields: dict[str, tuple[str, Any]] = {
        "node": (
            "Node | None",
            strawberry.field(
                name="node",
                description="The node with this global id, or null (Relay).",
                resolver=declared_arguments("Node | None", {"id": "strawberry.ID"}),
            ),
        ),
        "nodes": (
            "list[Node | None]",
            strawberry.field(
                name="nodes",
                description="Nodes by global id, null where none (Relay).",
                resolver=declared_arguments("list[Node | None]", {"ids": "list[strawberry.ID]"}),
            ),
        ),
        "search": (
            "list[SearchHit]",
            strawberry.field(
                name="search",
                description="Full-text search over names in Chinese and English.",
                resolver=declared_arguments(
                    "list[SearchHit]",
                    {
                        "text": "str",
                        "kinds": "list[NodeKind] | None",
                        "first": "int | None",
                        **SAMPLE_ARGUMENT,
                    },
                ),
            ),
        ),
    }
    fields.update(declare_questions(ns, QUESTIONS))
    for node in domain.nodes:
        returns = f"{node.name}Connection"
        fields[node.plural] = (
            returns,
            strawberry.field(
                name=node.plural,
                description=f"{node.description} A page of them (Relay).",
                resolver=declared_arguments(returns, connection_arguments(node)),
            ),
        )
    cls = ns.klass("Query", fields, bases=(BaseQuery,))
    description = (
        "What can be read: any node by id, full-text search, a list of each type of node, and "
        "the ecosystem questions, each answered in one statement."
    )
    return strawberry.type(cls, name="Query", description=description)


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Errors are logged once, where they are formatted for the client (api.errors)."""


@cache
def _generated(domain: Domain) -> tuple[Namespace, type, type]:
    ns = TypeFactory(domain).build()
    fields = {**declare_mutations(ns, domain), **declare_import(ns)}
    description = (
        "What can be written: nodes and relationships, one at a time or imported in bulk; each "
        "mutation is one audited transaction."
    )
    mutation = strawberry.type(
        ns.klass("Mutation", fields), name="Mutation", description=description
    )
    return ns, _query_type(domain, ns), mutation


def possible_types(schema: Schema) -> Callable[[str], frozenset[str]]:
    """Type condition → the concrete types it matches (an interface matches its implementers)."""
    graphql_schema = schema._schema

    @cache
    def lookup(condition: str) -> frozenset[str]:
        type_ = graphql_schema.get_type(condition)
        if isinstance(type_, GraphQLObjectType):
            return frozenset({type_.name})
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            return frozenset(t.name for t in graphql_schema.get_possible_types(type_))
        return frozenset()

    return lookup


def build_compiler(schema: Schema, settings: Settings, domain: Domain = ECOSYSTEM) -> Compiler:
    limits = Limits.from_settings(settings)
    return Compiler(
        domain,
        limits,
        possible_types(schema),
        questions=QUESTIONS,
        include_sample=settings.include_sample,
    )


def _config(settings: Settings | None) -> StrawberryConfig | None:
    if settings is None:
        return None
    # A batch (a JSON list of operations) shares one request: bounded like its body.
    return StrawberryConfig(
        batching_config={"max_operations": Limits.from_settings(settings).batch}
    )


def build_schema(
    domain: Domain = ECOSYSTEM,
    settings: Settings | None = None,
    extensions: Sequence[Callable[[], SchemaExtension]] = (),
) -> Schema:
    """The schema; with `settings`, also the request limits (which leave the SDL as it is);
    `extensions` run first, around all of ours (tracing's, api/tracing.py)."""
    ns, query, mutation = _generated(domain)
    types = [ns.get(n.name) for n in domain.nodes]
    schema = Schema(
        query=query,
        mutation=mutation,
        types=types,
        # Parsing and validating a document against this schema costs milliseconds; a
        # portal sends the same few documents again and again.
        extensions=[
            *extensions,
            OperationMetrics,
            OperationName,
            MaskedFields,
            # The caches live at module level; registered documents are kept apart.
            lambda: DocumentParsing(maxsize=512),
            DocumentValidation,
            *(validation.extensions(settings) if settings else ()),
        ],
        execution_context_class=PassthroughExecutionContext,
        config=_config(settings),
    )
    query_type = schema._schema.query_type
    assert isinstance(query_type, GraphQLObjectType)
    compiled = (
        "node",
        "nodes",
        "search",
        *(n.plural for n in domain.nodes),
        *(q.name for q in QUESTIONS),
    )
    for name in compiled:
        # The compiler reads arguments from the document itself; Strawberry's argument
        # conversion would be wasted work, so the graphql-core field gets our resolver.
        query_type.fields[name].resolve = resolve_compiled
    mutation_type = schema._schema.mutation_type
    assert isinstance(mutation_type, GraphQLObjectType)
    for field in mutation_type.fields.values():
        field.resolve = resolve_mutation
    mutation_type.fields[IMPORT_FIELD].resolve = resolve_import
    return schema
