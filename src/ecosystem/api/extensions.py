"""Schema extensions: cross-cutting work around each GraphQL operation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from ecosystem.api.context import Context
from ecosystem.graph import with_metadata


class OperationMetrics(SchemaExtension):
    """Counts and times each operation by its (bounded) operation name."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context.context
        if isinstance(context, Context):
            context.metrics.observe_operation(
                self.execution_context.operation_name, time.perf_counter() - started
            )


class OperationName(SchemaExtension):
    """Names the operation in the request's transaction metadata (graph/database.py) once the
    document is parsed (its name may only be in the document), before anything runs."""

    def on_execute(self) -> Iterator[None]:
        with_metadata(operation=self.execution_context.operation_name)
        yield


class MaskedFields(SchemaExtension):
    """Private values returned as null are named in the response's `extensions`, so a client
    can tell "not set" from "not yours to see"."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, Context):
            return {}
        return forbidden_fields(context.masked)


def forbidden_fields(masked: set[str]) -> dict[str, Any]:
    """The response's `extensions` entry naming private values returned as null."""
    if not masked:
        return {}
    return {
        "forbiddenFields": [
            {
                "code": "FORBIDDEN_FIELD",
                "field": name,
                "message": f"{name} is private: null unless this key may see it",
            }
            for name in sorted(masked)
        ]
    }
