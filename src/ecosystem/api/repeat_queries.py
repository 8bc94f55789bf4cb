"""Repeat queries: a document seen before whose root fields all compile is answered by the
graph's reads and writes directly, without graphql-core's parse, validation and execution.

Portals send the same few documents again and again. Once a document has run through the full
path (parse, the limits, validation, execution) without an error, and each of its root fields
is a compiled read (a query) or a mutation the graph's writes apply (all but `importRecords`),
its parsed operation is kept, and the same document text and operation name are answered
here: the variables are coerced against the document, the cost limit is checked, and each
root field is answered by the call its resolver makes — `Reads.field`, or
`api.mutations.apply` — with the same permission checks, compilation cache and finishing. A
mutation's fields run one after another, and a failed non-null one ends the operation, as
GraphQL executes mutations. What the full path decides about a document cannot change between
two requests (it depends on the text alone), so it is not decided again. A new document, a
batch, a GET, variables that do not fit or an estimate over the limit take the full path,
which refuses them with the usual coded errors before anything runs. A field that fails here
(a timeout, a permission, a conflict) is answered with its coded error as the full path would,
and its statement is not run again. The measured gain is in bench/README.md.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    is_non_null_type,
    parse,
)
from graphql.execution import get_variable_values
from starlette.requests import Request

from ecosystem.api import mutations
from ecosystem.api.context import Context
from ecosystem.api.cost import Pages, document_cost
from ecosystem.api.execution import plain_variables
from ecosystem.graph import Answer, with_metadata

Key = tuple[str, str | None]  # the document's text and the operation name asked for
# Queries are small; a bigger body (an import's records) is not parsed a second time here.
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class Plan:
    """A document that ran cleanly, parsed: its operation and the root fields it asks for."""

    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    fields: tuple[tuple[str, FieldNode, bool], ...]  # response key, root field, non-null
    writes: bool  # a mutation: its fields applied in turn, a failed non-null one ends it


@dataclass(frozen=True)
class Answered:
    """The response's data and the errors of the fields that failed (GraphQL's shape)."""

    data: dict[str, Any] | None
    errors: list[GraphQLError]


class RepeatQueries:
    """Plans of documents that ran cleanly, most recently used last, at most `size`; None for
    a document that always takes the full path (a field that neither compiles nor is applied
    by the writes, a subscription), so it is not parsed here again."""

    def __init__(self, schema: GraphQLSchema, pages: Pages, max_cost: int, size: int = 512):
        self.schema = schema
        self.pages = pages
        self.max_cost = max_cost
        self.size = size
        self.plans: OrderedDict[Key, Plan | None] = OrderedDict()

    @staticmethod
    async def key_of(request: Request) -> tuple[Key, dict[str, Any]] | None:
        """(document, operation name) and the variables of a single JSON POST, else None."""
        media_type = request.headers.get("content-type", "").partition(";")[0].strip()
        if request.method != "POST" or media_type != "application/json":
            return None
        raw = await request.body()  # kept by Starlette for the full path
        if len(raw) > MAX_BODY:
            return None
        try:
            body = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return None
        variables, name = body.get("variables") or {}, body.get("operationName")
        if not isinstance(variables, dict) or not (name is None or isinstance(name, str)):
            return None
        return (body["query"], name), variables

    def remember(self, key: Key, compiles: Callable[[str], bool]) -> None:
        """After `key` ran cleanly on the full path: keep its plan if every root field is a
        compiled read (`compiles(name)`) or an applied mutation, written plainly (no
        directive, no fragment), else that it has none."""
        if key in self.plans:
            return
        self.plans[key] = self._plan(key, compiles)
        if len(self.plans) > self.size:
            self.plans.popitem(last=False)

    def _plan(self, key: Key, compiles: Callable[[str], bool]) -> Plan | None:
        document = parse(key[0])
        operation = get_operation_ast(document, key[1])
        if operation is None or operation.operation is OperationType.SUBSCRIPTION:
            return None
        writes = operation.operation is OperationType.MUTATION
        root = self.schema.mutation_type if writes else self.schema.query_type
        answers = mutations.applied if writes else compiles
        if root is None:
            return None
        fields = []
        for node in operation.selection_set.selections:
            if not isinstance(node, FieldNode) or node.directives:
                return None
            name = node.name.value
            if not answers(name):
                return None
            required = is_non_null_type(root.fields[name].type)
            fields.append((node.alias.value if node.alias else name, node, required))
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        return Plan(operation, fragments, tuple(fields), writes)

    async def answer(
        self, key: Key, variables: dict[str, Any], context: Context
    ) -> Answered | None:
        """The answer, or None when the full path must answer."""
        if key not in self.plans:
            return None
        self.plans.move_to_end(key)
        plan = self.plans[key]
        if plan is None:
            return None
        started = time.perf_counter()
        with_metadata(operation=key[1])
        values = get_variable_values(
            self.schema, plan.operation.variable_definitions or (), variables
        )
        if isinstance(values, list | GraphQLError):
            return None
        cost = document_cost(self.schema, plan.operation, plan.fragments, values.coerced,
                             reads=context.reads, pages=self.pages)  # fmt: skip
        if cost is None or cost > self.max_cost:
            return None
        plain = plain_variables(values.coerced)
        data: dict[str, Any] | None = {}
        errors: list[GraphQLError] = []
        for response_key, node, required in plan.fields:
            try:
                answer = await self._field(plan, node, plain, context)
            except Exception as error:  # coded by the view as the full path's would be
                errors.append(GraphQLError(str(error), node, path=[response_key],
                                           original_error=error))  # fmt: skip
                if required:  # a non-null root field's error nulls the whole data
                    data = None
                    if plan.writes:  # and ends a mutation: the fields after it do not run
                        break
                elif data is not None:
                    data[response_key] = None
                continue
            context.masked.update(answer.masked)
            if data is not None:
                data[response_key] = answer.value
        context.metrics.repeat_queries.inc()
        context.metrics.observe_operation(key[1], time.perf_counter() - started)
        return Answered(data, errors)

    @staticmethod
    async def _field(
        plan: Plan, node: FieldNode, variables: dict[str, Any], context: Context
    ) -> Answer:
        """One root field's answer, by the call its resolver makes."""
        if plan.writes:
            return await mutations.apply(context, [node], plan.fragments, variables)
        return await context.reads.field([node], plan.fragments, variables, context.principal)
