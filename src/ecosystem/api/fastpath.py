"""Repeat queries: a document seen before whose root fields all compile runs straight from
its compiled statements, without graphql-core.

Portals send the same few documents again and again. Once a query document has run through
the full path (parse, the limits, validation, execution) without an error, and each of its
root fields is a compiled read, the same document text and operation name are answered here:
the variables are coerced against the document, the cost limit is checked, and each root
field runs its one statement (the compiler's cache holds them) and is finished as the full
path finishes it. What the full path decides about a document cannot change between two
requests (it depends on the text alone), so it is not decided again. Anything else — a new
document, a batch, a GET, a mutation, variables that do not fit, an estimate over the limit,
any error — takes the full path, which answers it with the usual coded errors (a request that
failed here runs again there). The measured gain is in bench/README.md.
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
    parse,
)
from graphql.execution import get_variable_values
from starlette.requests import Request

from ecosystem.api.context import Context
from ecosystem.api.cost import Pages, document_cost
from ecosystem.api.execution import AUDIT_FIELDS, plain_variables
from ecosystem.api.extensions import forbidden_fields

Key = tuple[str, str | None]  # the document's text and the operation name asked for
# Queries are small; a bigger body (an import's records) is not parsed a second time here.
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class Plan:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    fields: tuple[tuple[str, FieldNode], ...]  # response key, root field


class RepeatQueries:
    """Plans of documents that ran cleanly, most recently used last, at most `size`."""

    def __init__(self, schema: GraphQLSchema, pages: Pages, max_cost: int, size: int = 512):
        self.schema = schema
        self.pages = pages
        self.max_cost = max_cost
        self.size = size
        self.plans: OrderedDict[Key, Plan] = OrderedDict()

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
        compiled read (`compiles(name)`), written plainly (no directive, no fragment)."""
        if key in self.plans:
            return
        document = parse(key[0])
        operation = get_operation_ast(document, key[1])
        if operation is None or operation.operation is not OperationType.QUERY:
            return
        fields = []
        for node in operation.selection_set.selections:
            if not isinstance(node, FieldNode) or node.directives:
                return
            name = node.name.value
            if not compiles(name) or name in AUDIT_FIELDS:
                return
            fields.append((node.alias.value if node.alias else name, node))
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.plans[key] = Plan(operation, fragments, tuple(fields))
        if len(self.plans) > self.size:
            self.plans.popitem(last=False)

    async def answer(self, key: Key, variables: dict[str, Any], context: Context) -> Any:
        """The response body, or None when the full path must answer."""
        plan = self.plans.get(key)
        if plan is None:
            return None
        self.plans.move_to_end(key)
        started = time.perf_counter()
        values = get_variable_values(
            self.schema, plan.operation.variable_definitions or (), variables
        )
        if isinstance(values, list | GraphQLError):
            return None
        cost = document_cost(self.schema, plan.operation, plan.fragments, values.coerced,
                             compiler=context.compiler, pages=self.pages)  # fmt: skip
        if cost is None or cost > self.max_cost:
            return None
        plain = plain_variables(values.coerced)
        data = {}
        try:
            for response_key, node in plan.fields:
                compiled = context.compiler.compile([node], plan.fragments, plain, context.viewer)
                rows = await context.db.read(compiled.statement.cypher, compiled.statement.params)
                data[response_key] = compiled.finish(rows[0]["data"])
                context.masked.update(compiled.masked)
        except Exception:  # the full path runs it again and answers with its coded error
            return None
        context.metrics.repeat_queries.inc()
        context.metrics.observe_operation(key[1], time.perf_counter() - started)
        body: dict[str, Any] = {"data": data}
        if extensions := forbidden_fields(context.masked):
            body["extensions"] = extensions
        return body
