"""Trusted documents: operation documents registered ahead (`ecosystem documents add`) that a
client sends by id, and the policy that may require them.

Clients send the id the ways they already do: `documentId` (`sha256:<hex>`, GraphQL over HTTP's
persisted documents) or `extensions.persistedQuery.sha256Hash` (Apollo's persisted queries),
in a JSON POST or a GET's parameters. The id is replaced by its text before anything else reads
the request, so the rest of the path (repeat queries, limits, Strawberry) is the same for every
document. A registered document is parsed and validated once per process, at its first use, and
kept apart from the LRU caches ad-hoc documents share, so a stream of new documents never
evicts it.

The mode comes from `ECOSYSTEM_TRUSTED_DOCUMENTS`, or from `…_BY_ROLE` for the caller's role:
`off` refuses ids, `allowed` runs registered and ad-hoc documents, `required` runs registered
ones only (by id, or by a text whose hash is registered) and never parses anything else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from cachetools import LRUCache, TTLCache
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from ecosystem import graph
from ecosystem.api.context import Context
from ecosystem.api.errors import EcosystemError, ErrorCode, refusal
from ecosystem.domain.access import Principal
from ecosystem.graph import Database
from ecosystem.settings import DocumentsMode, Settings

PREFIX = "sha256:"
HEX_DIGITS = frozenset("0123456789abcdef")
UNKNOWN_FOR_S = 5.0  # an id not found is not looked up again for so long (then it may exist)


@dataclass
class Trusted:
    """A registered document, parsed; its validation errors once it has been validated."""

    text: str
    document: DocumentNode
    errors: list[GraphQLError] | None = field(default=None)


class Registry:
    """The registered documents this process has met, by id and by text."""

    def __init__(self) -> None:
        self.by_id: dict[str, Trusted] = {}
        self.by_text: dict[str, Trusted] = {}
        self.unknown: TTLCache[str, bool] = TTLCache(maxsize=10_000, ttl=UNKNOWN_FOR_S)

    async def find(self, db: Database, id_: str) -> Trusted | None:
        if (known := self.by_id.get(id_)) is not None:
            return known
        if id_ in self.unknown:
            return None
        text = await graph.documents.find(db, id_)
        if text is None:
            self.unknown[id_] = True
            return None
        trusted = self.by_id[id_] = self.by_text[text] = Trusted(text, parse(text))
        return trusted

    def of_text(self, text: str | None) -> Trusted | None:
        return self.by_text.get(text) if text is not None else None


def mode_for(settings: Settings, principal: Principal | None) -> DocumentsMode:
    if principal is not None and principal.role in settings.trusted_documents_by_role:
        return settings.trusted_documents_by_role[principal.role]
    return settings.trusted_documents


def normalised_id(value: object) -> str:
    """The hex digest an id names: `sha256:<hex>` or the bare hex, any case."""
    text = value.lower() if isinstance(value, str) else ""
    digest = text.removeprefix(PREFIX)
    if len(digest) != 64 or not set(digest) <= HEX_DIGITS:
        raise EcosystemError(
            ErrorCode.BAD_REQUEST,
            "a document id is the SHA-256 of the document's text",
            expected="sha256:<64 hex digits>",
        )
    return digest


class Resolver:
    """Puts each registered document's text in place of its id, or refuses the request."""

    def __init__(self, registry: Registry, db: Database, mode: DocumentsMode) -> None:
        self.registry, self.db, self.mode = registry, db, mode

    async def operation(self, operation: dict[str, Any]) -> dict[str, Any]:
        id_ = _id_of(operation)
        query = operation.get("query")
        if id_ is None:
            if self.mode == "required":
                await self._registered_text(query)
            return operation
        if self.mode == "off":
            raise EcosystemError(
                ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, "this server does not take documents by id"
            )
        if isinstance(query, str):  # both: the text must be what the id names
            if graph.documents.document_id(query) != id_:
                raise EcosystemError(
                    ErrorCode.BAD_REQUEST, "the query's SHA-256 is not the id sent"
                )
            if self.mode == "required":
                await self._registered_text(query)
            return operation
        trusted = await self.registry.find(self.db, id_)
        if trusted is None:
            raise EcosystemError(
                ErrorCode.PERSISTED_QUERY_NOT_FOUND,
                f"no registered document has the id {PREFIX}{id_}",
                documentId=PREFIX + id_,
            )
        resolved = {k: v for k, v in operation.items() if k != "documentId"}
        return {**resolved, "query": trusted.text}

    async def _registered_text(self, query: object) -> None:
        known = isinstance(query, str) and await self.registry.find(
            self.db, graph.documents.document_id(query)
        )
        if not known:
            raise EcosystemError(
                ErrorCode.TRUSTED_DOCUMENT_REQUIRED,
                "this key may run registered documents only: send a documentId",
            )


def _id_of(operation: dict[str, Any]) -> str | None:
    if "documentId" in operation:
        return normalised_id(operation["documentId"])
    extensions = operation.get("extensions")
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or "sha256Hash" not in persisted:
        raise EcosystemError(ErrorCode.BAD_REQUEST, "extensions.persistedQuery needs sha256Hash")
    return normalised_id(persisted["sha256Hash"])


async def resolved(request: Request, registry: Registry, settings: Settings) -> Request | Response:
    """The request with every document id replaced by its text, or a coded refusal."""
    mode = mode_for(settings, request.scope.get("state", {}).get("principal"))
    resolver = Resolver(registry, request.app.state.db, mode)
    try:
        if request.method == "GET":
            return await _resolved_get(request, resolver)
        if request.method == "POST":
            return await _resolved_post(request, resolver)
    except EcosystemError as refused:
        return refusal(request.scope, refused.code, str(refused), 400, **refused.details)
    return request


async def _resolved_get(request: Request, resolver: Resolver) -> Request:
    params = dict(request.query_params)
    asks = "query" in params or "documentId" in params or "extensions" in params
    if not asks or (resolver.mode != "required" and not _may_carry_an_id(params)):
        return request
    operation: dict[str, Any] = dict(params)
    if "extensions" in params:
        try:
            operation["extensions"] = json.loads(params["extensions"])
        except ValueError:
            return request  # Strawberry answers malformed parameters
    done = await resolver.operation(operation)
    if done is operation:
        return request
    params = {**params, "query": done["query"]}
    params.pop("documentId", None)
    scope = {**request.scope, "query_string": urlencode(params).encode()}
    return Request(scope, request.receive)


def _may_carry_an_id(params: dict[str, str]) -> bool:
    return "documentId" in params or "persistedQuery" in params.get("extensions", "")


async def _resolved_post(request: Request, resolver: Resolver) -> Request:
    media_type = request.headers.get("content-type", "").partition(";")[0].strip()
    if media_type != "application/json":
        return request
    raw = await request.body()
    if resolver.mode != "required" and b'"documentId"' not in raw and b"persistedQuery" not in raw:
        return request  # the common case: no id, nothing to check, no second JSON parse
    try:
        body = json.loads(raw)
    except ValueError:
        return request  # Strawberry answers malformed JSON
    operations = body if isinstance(body, list) else [body]
    done = [await resolver.operation(o) if isinstance(o, dict) else o for o in operations]
    if all(a is b for a, b in zip(done, operations, strict=True)):
        return request
    return _with_body(request, json.dumps(done if isinstance(body, list) else done[0]).encode())


def _with_body(request: Request, body: bytes) -> Request:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await request.receive()  # a disconnect, when it comes
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


def _trusted(execution_context: ExecutionContext) -> Trusted | None:
    context = execution_context.context
    if isinstance(context, Context) and context.documents is not None:
        return context.documents.of_text(execution_context.query)
    return None


class DocumentParsing(ParserCache):
    """Registered documents are parsed once, when first met; others through the LRU cache."""

    def on_parse(self) -> Iterator[None]:
        trusted = _trusted(self.execution_context)
        if trusted is None:
            yield from super().on_parse()
            return
        self.execution_context.graphql_document = trusted.document
        yield


# Validation errors of the other documents by schema, text and rules, the most recently used
# kept. Strawberry's ValidationCache keys them by the parsed document, which graphql-core
# hashes by walking the whole tree on every request (0.3 ms for a small mutation); a text's
# hash is computed once.
_VALIDATED: LRUCache[tuple[Any, str | None, Any], list[GraphQLError]] = LRUCache(maxsize=512)


class DocumentValidation(SchemaExtension):
    """Registered documents are validated once per process; others once per text (LRU)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, text = context.graphql_document, context.query
        schema, rules = context.schema._schema, context.validation_rules
        trusted = _trusted(context)
        if trusted is not None:
            if trusted.errors is None:
                trusted.errors = validate_document(schema, trusted.document, rules)
            context.pre_execution_errors = trusted.errors
        elif document is not None:
            key = (schema, text, rules)
            errors = _VALIDATED.get(key) if text is not None else None
            if errors is None:
                errors = validate_document(schema, document, rules)
                if text is not None:
                    _VALIDATED[key] = errors
            context.pre_execution_errors = errors
        yield


def operation_names(
    text: str, schema: GraphQLSchema, rules: Sequence[type[ASTValidationRule]]
) -> list[str]:
    """The names of the operations in `text`, once it parses and fits the schema with every
    limit a request meets (ValueError saying why, otherwise): only documents that could run
    are registered."""
    try:
        document = parse(text)
    except GraphQLError as error:
        raise ValueError(f"not GraphQL: {error.message}") from None
    errors = validate_document(schema, document, tuple(rules))
    if errors:
        raise ValueError("; ".join(error.message for error in errors))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) > 1 and any(o.name is None for o in operations):
        raise ValueError("a document with several operations names each of them")
    return [o.name.value if o.name else "" for o in operations]
