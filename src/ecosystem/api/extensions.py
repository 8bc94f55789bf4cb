"""Schema extensions: cross-cutting work around each GraphQL operation."""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from ecosystem.api.context import Context


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
