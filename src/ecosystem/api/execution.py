"""Compiled root fields: answered by the graph's reads (one Cypher statement each), whose
result stands as complete.

graphql-core would otherwise walk the result and complete every field (about 9 µs a field);
the compiled result already has exactly the requested shape, so `complete_value` returns it
as it is. Everything else — parsing, validation, errors, introspection, other root fields —
runs as usual.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.base import has_object_definition
from strawberry.types.unset import UNSET


@dataclasses.dataclass(frozen=True, slots=True)
class Complete:
    """A value that is already the response for its field."""

    value: Any


class PassthroughExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def complete_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: GraphQLResolveInfo[Any],
        path: Any,
        result: Any,
        *rest: Any,
    ) -> Any:
        if isinstance(result, Complete):
            return result.value
        return super().complete_value(return_type, field_details_list, info, path, result, *rest)


async def resolve_compiled(
    _root: Any, info: GraphQLResolveInfo[Any], **_arguments: Any
) -> Complete:
    """The resolver of every compiled root field (arguments are read from the document)."""
    context = info.context
    variables = plain_variables(info.variable_values)  # type: ignore[arg-type]  # the coerced dict
    answer = await context.reads.field(
        info.field_nodes, info.fragments, variables, context.principal
    )
    context.masked.update(answer.masked)
    return Complete(answer.value)


def plain_variables(variables: Mapping[str, Any]) -> dict[str, Any]:
    return {name: plain(value) for name, value in variables.items()}


def plain(value: Any) -> Any:
    """Coerced variable values back to JSON-like values keyed by GraphQL names.

    graphql-core has validated and coerced them (dates parsed, enums looked up, input objects
    turned into Strawberry classes); the compiler reads them by their GraphQL names.
    """
    if value is UNSET:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if has_object_definition(value):
        definition = value.__strawberry_definition__
        return {
            (field.graphql_name or field.python_name): plain(getattr(value, field.python_name))
            for field in definition.fields
        }
    return value
