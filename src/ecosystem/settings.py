"""Settings from the environment: `ECOSYSTEM_*`, plus Neo4j's conventional `NEO4J_*` names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecosystem import resources
from ecosystem.domain.access import Role

#: The source checkout, for developer tools only: the local Neo4j's launcher project and its
#: data folder. What the service reads at run time is in `resources` (shipped in a wheel).
PROJECT_ROOT = resources.PROJECT_ROOT

LogLevel = Literal["critical", "error", "warning", "info", "debug"]
LogFormat = Literal["text", "json"]
DocumentsMode = Literal["off", "allowed", "required"]
#: What ECOSYSTEM_PRODUCTION changes, unless a setting is given explicitly.
PRODUCTION_DEFAULTS: dict[str, object] = {
    "introspection": False,
    "graphql_ide": False,
    "include_sample": False,
    "log_format": "json",
}


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Every knob of the service. Field docs are rendered into docs/settings.md's table."""

    model_config = SettingsConfigDict(env_prefix="ECOSYSTEM_", extra="ignore", frozen=True)

    production: bool = Field(
        False,
        description="The production profile: introspection, the GraphQL IDE and the sample "
        "off, and JSON logs, unless each is set explicitly; the API will not start with "
        "anonymous reads on an address other than loopback.",
    )
    host: str = Field("127.0.0.1", description="Address the API listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the API listens on.")
    log_level: LogLevel = Field("info", description="Log level of the API process.")
    log_format: LogFormat = Field(
        "text",
        description="`text` for people, `json` for machines: one JSON object a line, each "
        "request's access line with its id, key, role, operation, status and duration.",
    )
    workers: int = Field(
        1,
        ge=1,
        description="Worker processes of `ecosystem serve`. Each keeps its own rate-limit "
        "buckets, key cache and compiled statements: N workers allow N times the rate limit, "
        "unless ECOSYSTEM_REDIS_URL shares the buckets.",
    )
    graceful_shutdown_s: int = Field(
        10,
        gt=0,
        description="Seconds requests in flight get to finish after SIGTERM before the "
        "server exits.",
    )
    otlp_endpoint: str | None = Field(
        None,
        validation_alias=_env("ECOSYSTEM_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"),
        description="An OpenTelemetry collector's OTLP/HTTP base URL (`http://collector:4318`): "
        "each request's trace (HTTP, GraphQL operation, Neo4j transactions) is sent to its "
        "`/v1/traces`, with the SDK's other `OTEL_*` variables (`OTEL_SERVICE_NAME`, default "
        "`ecosystem`; headers, sampler). Needs the `otel` extra. Unset: no tracing, and its "
        "SDK is not even imported.",
    )

    neo4j_uri: str | None = Field(
        None,
        validation_alias=_env("NEO4J_URI", "ECOSYSTEM_NEO4J_URI"),
        description="An external Neo4j 5 (bolt://, neo4j://, neo4j+s://). Unset: the local one.",
    )
    neo4j_user: str = Field(
        "neo4j",
        validation_alias=_env("NEO4J_USER", "ECOSYSTEM_NEO4J_USER"),
        description="User for an external Neo4j (the local one runs without auth).",
    )
    neo4j_password: SecretStr = Field(
        SecretStr(""),
        validation_alias=_env("NEO4J_PASSWORD", "ECOSYSTEM_NEO4J_PASSWORD"),
        description="Password for an external Neo4j.",
    )
    neo4j_database: str = Field(
        "neo4j",
        validation_alias=_env("NEO4J_DATABASE", "ECOSYSTEM_NEO4J_DATABASE"),
        description="Database name, sent with every session (saves a home-database round trip).",
    )
    neo4j_connection_timeout_s: float = Field(
        3.0, gt=0, description="Seconds to open a Bolt connection before giving up."
    )
    neo4j_liveness_timeout_s: float = Field(
        1.0,
        gt=0,
        description="Seconds a statement may go unanswered before the circuit breaker checks "
        "that Neo4j still answers: a new connection not made within the connection timeout "
        "opens it.",
    )
    neo4j_retry_s: float = Field(
        5.0,
        ge=0,
        description="Seconds a transaction or a read is retried on transient failures (a "
        "lost connection, a deadlock), counted from the first failure.",
    )
    query_timeout_s: float = Field(
        10.0, gt=0, description="Server-side timeout of each transaction the API runs."
    )
    large_answers_at_once: int = Field(
        2,
        ge=1,
        description="Large answers (a collaboration network's, built in slices) one API process "
        "builds at once; more wait their turn, each at most the query timeout. Each holds its "
        "JSON text until sent (21 MB for the whole network at scale 500).",
    )
    export_timeout_s: float = Field(
        3600.0,
        gt=0,
        description="Server-side timeout of an export's streaming transaction, and of each "
        "statement of the commands that work on the whole graph (migrate, derive, seed, import).",
    )

    local_neo4j_port: int = Field(
        7687, ge=1, le=65535, description="Bolt port of the local Neo4j (loopback only)."
    )
    local_neo4j_home: Path = Field(
        PROJECT_ROOT / ".neo4j" / "run",
        description="Folder of the local Neo4j's data, logs and pid file (git-ignored).",
    )
    local_neo4j_heap_mb: int = Field(512, ge=128, description="Java heap of the local Neo4j.")
    local_neo4j_pagecache_mb: int = Field(256, ge=16, description="Page cache of the local Neo4j.")
    local_neo4j_start_timeout_s: float = Field(
        120.0, gt=0, description="Seconds to wait for the local Neo4j to answer on Bolt."
    )

    include_sample: bool = Field(
        True,
        description="Whether the questions, ecosystemStats, search and the explorer include the "
        "synthetic sample when a request does not say (`includeSample`). A graph without a "
        "sample answers the same either way.",
    )
    max_first: int = Field(100, ge=1, description="Largest page a client may ask for (`first`).")
    default_first: int = Field(
        20, ge=1, description="Page size when a client gives no `first` (at most max_first)."
    )

    import_max_records: int = Field(
        5000,
        ge=1,
        description="Most records (nodes and links) one `importRecords` mutation may carry.",
    )

    public_read: bool = Field(
        False,
        description="Let requests without an API key read public fields (`make run` turns it "
        "on for loopback; a warning is logged when the API listens elsewhere with it on).",
    )
    key_cache_s: float = Field(
        10.0,
        ge=0,
        description="Seconds an API-key lookup is cached: a revocation's delay without "
        "ECOSYSTEM_REDIS_URL (with it, under a second).",
    )
    redis_url: SecretStr | None = Field(
        None,  # secret: a URL may carry Redis's password
        description="A Redis (`redis://host:6379/0`) the API instances share: rate-limit "
        "buckets and unknown-key budgets count across all of them, and a revoked key is "
        "refused by every instance within a second. Unset: each process keeps its own (N "
        "instances allow N times the limits; a revoked key lives on for ECOSYSTEM_KEY_CACHE_S). "
        "While Redis is unreachable, each process meters alone and logs a warning.",
    )

    # Request limits (the registry in limits.py): each refusal is coded and changes nothing.
    max_depth: int = Field(12, ge=1, description="Deepest nesting of fields an operation may have.")
    max_aliases: int = Field(30, ge=0, description="Most aliases one document may use.")
    max_tokens: int = Field(
        5000, ge=1, description="Most lexical tokens a document may have (parsing stops there)."
    )
    max_root_fields: int = Field(
        10, ge=1, description="Most root fields one operation may ask for (aliases included)."
    )
    max_cost: int = Field(
        50_000,
        ge=1,
        description="Largest estimated cost of an operation (a field 1, a list its page size "
        "times what each item selects), checked before any Cypher runs.",
    )
    repeat_queries: bool = Field(
        True,
        description="Answer a document seen before (a query, or a mutation but "
        "`importRecords`) straight from its compiled statements and writes "
        "(api/repeat_queries.py); off: every request takes the full GraphQL path.",
    )
    trusted_documents: DocumentsMode = Field(
        "allowed",
        description="Registered (trusted) operation documents (`ecosystem documents add`), "
        "sent by `documentId` or `extensions.persistedQuery.sha256Hash`: `allowed` beside "
        "ad-hoc documents, `required` (only registered documents run), or `off` (ids refused).",
    )
    trusted_documents_by_role: dict[Role, DocumentsMode] = Field(
        default_factory=dict,
        description='The mode for some roles instead, as JSON, e.g. `{"partner": "required"}`.',
    )
    max_body_bytes: int = Field(
        4 * 1024 * 1024,
        ge=1024,
        description="Largest request body, in bytes (4 MiB: 5,000 records of the export's "
        "layout, about 350 bytes each, fit twice over).",
    )
    max_batch: int = Field(
        10, ge=1, description="Most operations one batched request (a JSON list) may carry."
    )
    rate_limit: bool = Field(
        True, description="Limit requests per API key (per client address without a key)."
    )
    rate_limit_burst: int = Field(
        50, ge=1, description="Requests a key may make at once (its token bucket's capacity)."
    )
    rate_limit_per_s: float = Field(
        20.0, gt=0, description="Requests a second a key may sustain (its bucket's refill)."
    )
    unknown_key_burst: int = Field(
        10,
        ge=1,
        description="Unknown API keys one client address may send at once (with rate_limit "
        "on): each costs a database lookup; beyond, its requests with a key not yet known are "
        "refused before the lookup. Known keys never use this budget.",
    )
    unknown_key_per_s: float = Field(
        1.0, gt=0, description="Unknown API keys a second one client address may sustain."
    )
    introspection: bool = Field(
        True, description="Answer `__schema` and `__type` (turn off to hide the schema)."
    )
    graphql_ide: bool = Field(True, description="Serve the GraphQL IDE to browsers.")
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Origins browsers may call the API from, as a JSON list "
        '(`["https://portal.example"]`); empty: no CORS headers.',
    )

    @model_validator(mode="after")
    def _profile(self) -> Settings:
        """The production profile's defaults, for what is not set explicitly."""
        if self.production:
            for name, value in PRODUCTION_DEFAULTS.items():
                if name not in self.model_fields_set:
                    object.__setattr__(self, name, value)  # frozen: set while validating
        return self

    @property
    def bolt_uri(self) -> str:
        """The URI the driver connects to: the external one, or the local server's. Not
        cached: `model_copy(update=…)` copies a cached value, and a copy pointed elsewhere
        would still connect to the first server."""
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_neo4j_port}"

    @property
    def uses_local_neo4j(self) -> bool:
        return self.neo4j_uri is None

    @property
    def migrations_dir(self) -> Path:
        return resources.MIGRATIONS

    @property
    def launcher_dir(self) -> Path:
        return PROJECT_ROOT / "neo4j"


def render_settings() -> str:
    """The settings table of docs/settings.md (and its Chinese page), from the fields' docs."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names = alias.choices if isinstance(alias, AliasChoices) else [f"ECOSYSTEM_{name.upper()}"]
        named = " / ".join(f"`{n}`" for n in names)
        rows.append(
            f"| {named} | {_default(field.get_default(call_default_factory=True))} | "
            f"{field.description} |"
        )
    return "\n".join(rows) + "\n"


def _default(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, SecretStr):
        return "empty" if not value.get_secret_value() else "set"
    if isinstance(value, Path):
        value = value.relative_to(PROJECT_ROOT) if value.is_relative_to(PROJECT_ROOT) else value
    if isinstance(value, bool):
        value = str(value).lower()
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return f"`{value}`"
