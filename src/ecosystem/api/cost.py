"""What an operation would cost, estimated before any of its Cypher runs: fields × page sizes.

A selected field costs 1; a field with a selection costs its items × (1 + what each item
selects). A page holds `first` items (the default page without one), `nodes(ids:)` as many as
it names, and a list nobody pages (a network's edges, coverage cells) is guessed at a default
page. Sizes come from the limits registry (ecosystem/limits.py), the same bounds the compiler
checks: a `first` beyond its field's maximum counts as that maximum here, and the compiler
refuses it with a `BAD_INPUT` that names the argument, which helps more than a cost. Mutations
count too: what they read back is a selection like any other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    NameNode,
    OperationDefinitionNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_list_type,
)
from graphql.execution import get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from ecosystem.api.context import Context
from ecosystem.api.errors import EcosystemError, ErrorCode
from ecosystem.graph import Field, Reads
from ecosystem.limits import Limits


@dataclass(frozen=True)
class Pages:
    """Page sizes as the estimate assumes them, from the limits registry."""

    limits: Limits

    @property
    def default(self) -> int:  # a page without `first`, and the guess for lists nobody pages
        return self.limits.page.default

    def of(self, field: Field, definition: GraphQLField, root: bool) -> int | None:
        """How many items `field` asks its list (or its connection's edges) for, if it says;
        a root field's `first` has its own bounds (`collaborations` up to 500)."""
        if "first" in definition.args:
            bounds = self.limits.first(field.name) if root else self.limits.page
            return bounds.clamp(field.arguments.get("first"))
        ids = field.arguments.get("ids")
        if "ids" in definition.args and isinstance(ids, list):
            return min(len(ids), self.limits.lookup_ids)
        return None


def selection_cost(
    fields: Sequence[Field],
    parent: GraphQLNamedType,
    schema: GraphQLSchema,
    pages: Pages,
    page: int | None = None,
    *,
    root: bool = False,
) -> int:
    """What `fields` cost for one item of `parent` (`root`: the operation's root type): of an
    abstract type, its dearest member."""
    types: Sequence[GraphQLObjectType] = ()
    if isinstance(parent, GraphQLObjectType):
        types = [parent]
    elif isinstance(parent, GraphQLInterfaceType | GraphQLUnionType):
        types = schema.get_possible_types(parent)
    return max(
        (
            sum(
                field_cost(f, t, schema, pages, page, root=root)
                for f in fields
                if f.applies_to(t.name)
            )
            for t in types
        ),
        default=0,
    )


def field_cost(
    field: Field,
    parent: GraphQLObjectType,
    schema: GraphQLSchema,
    pages: Pages,
    page: int | None,
    *,
    root: bool = False,
) -> int:
    """1 for a value; items × (1 + each item's selection) for anything with a selection.
    `page` is what the parent asked for: a connection's `first` sizes its `edges` (a list's
    own `first` sizes the list alone, not the lists inside its items)."""
    definition = parent.fields.get(field.name)
    if definition is None or not field.children:  # a scalar, an enum, `__typename`
        return 1
    own = pages.of(field, definition, root)
    many = is_list_type(get_nullable_type(definition.type))
    size = own if own is not None else page
    items = (pages.default if size is None else size) if many else 1
    named = get_named_type(definition.type)
    inner = None if many else own  # only a connection hands its page down, to its edges
    return items * (1 + selection_cost(field.children, named, schema, pages, inner))


def operation_cost(context: ExecutionContext, reads: Reads, pages: Pages) -> int | None:
    """The estimate for the operation about to run; None when it will not run (execution
    then reports why, e.g. variables that do not fit their types)."""
    schema = context.schema._schema
    document = context.graphql_document
    operation = get_operation_ast(document, context.operation_name) if document else None
    if document is None or operation is None:
        return None
    values = get_variable_values(
        schema, operation.variable_definitions or (), context.variables or {}
    )
    if isinstance(values, list):
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return document_cost(schema, operation, fragments, values.coerced, reads=reads, pages=pages)


def document_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    coerced: Mapping[str, Any],
    *,
    reads: Reads,
    pages: Pages,
) -> int | None:
    """The estimate for one operation of a document with its coerced variable values."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return None
    # The graph collects a field's selection (fragments, directives, variables applied);
    # a field standing for the whole operation lets it collect the root fields the same way.
    # The estimate reads only sizes and `@skip`/`@include`, which coercion leaves plain, so
    # the values are not made plain as resolvers make them (30 ms for a full import's).
    whole = FieldNode(name=NameNode(value="operation"), selection_set=operation.selection_set)
    top = reads.select([whole], fragments, coerced)
    return selection_cost(top.children, root, schema, pages, root=True)


class CostLimit(SchemaExtension):
    """Refuses an operation whose estimate is over `maximum` before its first statement runs."""

    def __init__(self, maximum: int, pages: Pages) -> None:
        self.maximum = maximum
        self.pages = pages

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context):
            cost = operation_cost(self.execution_context, context.reads, self.pages)
            if cost is not None and cost > self.maximum:
                raise EcosystemError(
                    ErrorCode.LIMIT_EXCEEDED,
                    f"this operation would cost about {cost}; at most {self.maximum} "
                    "(ask for smaller pages or fewer nested connections)",
                    limit="cost",
                    max=self.maximum,
                    cost=cost,
                )
        yield
