"""Prometheus metrics of one app instance, in its own registry (apps may share a process)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

# Label values that come from clients (operation names) are capped so no client can grow the
# metric without bound; past the cap they are counted as "other".
MAX_OPERATION_NAMES = 200
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    _operations: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        # The process's CPU, memory, open files and start time, and the Python it runs.
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        self.requests = Counter(
            "ecosystem_http_requests",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "ecosystem_http_request_seconds",
            "HTTP request latency by route.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.operations = Counter(
            "ecosystem_graphql_operations",
            "GraphQL operations by operation name.",
            ["operation"],
            registry=self.registry,
        )
        self.operation_seconds = Histogram(
            "ecosystem_graphql_operation_seconds",
            "GraphQL operation latency by operation name.",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.query_seconds = Histogram(
            "ecosystem_neo4j_query_seconds",
            "Neo4j transaction latency by access mode.",
            ["mode"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.repeat_queries = Counter(
            "ecosystem_graphql_repeat_queries",
            "Operations answered from the compiled statements of a document seen before.",
            registry=self.registry,
        )
        self.large_answer_wait_seconds = Histogram(
            "ecosystem_large_answer_wait_seconds",
            "Time a large answer (a collaboration network's) waited for its turn "
            "(ECOSYSTEM_LARGE_ANSWERS_AT_ONCE).",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "ecosystem_errors",
            "Errors returned to clients by code.",
            ["code"],
            registry=self.registry,
        )
        self.redis_fallbacks = Counter(
            "ecosystem_redis_fallbacks",
            "Decisions taken by this process alone because the shared Redis was unreachable "
            "(ECOSYSTEM_REDIS_URL), by what was decided: a rate-limit bucket or revocations.",
            ["operation"],
            registry=self.registry,
        )

    def operation_label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if name in self._operations or len(self._operations) < MAX_OPERATION_NAMES:
            self._operations.add(name)
            return name
        return "other"

    def observe_operation(self, name: str | None, seconds: float) -> None:
        label = self.operation_label(name)
        self.operations.labels(label).inc()
        self.operation_seconds.labels(label).observe(seconds)
