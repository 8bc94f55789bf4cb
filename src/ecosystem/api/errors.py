"""Coded errors: every error a client sees has `extensions.code`, and nothing else leaks.

Errors we raise on purpose carry their code. Errors GraphQL itself reports (syntax, validation)
get the conventional codes. Anything else is a bug or an outage we did not foresee: it is logged
with the request id and reaches the client as `INTERNAL_ERROR` with that id only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, cast

from graphql import GraphQLError
from neo4j.exceptions import Neo4jError
from starlette.responses import JSONResponse
from starlette.types import Scope

from ecosystem.graph import (
    BadInput,
    Conflict,
    ConstraintViolation,
    DatabaseBusy,
    DatabaseUnavailable,
    Forbidden,
    ForbiddenField,
    NotFound,
    Outdated,
)

log = logging.getLogger("ecosystem.errors")


class ErrorCode(StrEnum):
    BAD_REQUEST = "BAD_REQUEST"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    BAD_INPUT = "BAD_INPUT"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    CONSTRAINT_VIOLATION = "CONSTRAINT_VIOLATION"
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
    DATABASE_BUSY = "DATABASE_BUSY"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    FORBIDDEN_FIELD = "FORBIDDEN_FIELD"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
    QUERY_TIMEOUT = "QUERY_TIMEOUT"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    RATE_LIMITED = "RATE_LIMITED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    TRUSTED_DOCUMENT_REQUIRED = "TRUSTED_DOCUMENT_REQUIRED"
    UPGRADE_REQUIRED = "UPGRADE_REQUIRED"


class EcosystemError(Exception):
    """An error we mean to show: a code, a message and any facts that help to fix the call."""

    def __init__(self, code: ErrorCode, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


_HTTP_CODES = {
    400: ErrorCode.BAD_REQUEST,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


def http_error_body(status: int, reason: str) -> dict[str, Any]:
    """A request refused before GraphQL ran (bad JSON, mutation over GET…), in GraphQL's shape."""
    return refusal_body(_HTTP_CODES.get(status, ErrorCode.BAD_REQUEST), reason)


def refusal_body(code: ErrorCode, message: str, **details: Any) -> dict[str, Any]:
    """One coded error in GraphQL's shape, for answers given without running GraphQL."""
    return {"errors": [{"message": message, "extensions": {"code": code.value, **details}}]}


def refusal(
    scope: Scope,
    code: ErrorCode,
    message: str,
    status: int,
    headers: Mapping[str, str] | None = None,
    **details: Any,
) -> JSONResponse:
    """A middleware's coded refusal, noted on the request for the metrics and the access log
    (middleware/observe.py counts it by code)."""
    scope.setdefault("state", {})["refused"] = code.value
    return JSONResponse(refusal_body(code, message, **details), status, dict(headers or {}))


# graphql-core's own refusals of documents too large to parse, by the limit they enforce.
_TOO_MANY_TOKENS = re.compile(r"Document contains more than (\d+) tokens")
_TOO_DEEP = "Document is nested too deeply"
_TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"  # …ClientConfiguration too


# Exceptions we raise on purpose, by the code a client sees.
_CODES: tuple[tuple[type[Exception], ErrorCode], ...] = (
    (ForbiddenField, ErrorCode.FORBIDDEN_FIELD),  # a BadInput: before it
    (BadInput, ErrorCode.BAD_INPUT),
    (NotFound, ErrorCode.NOT_FOUND),
    (Conflict, ErrorCode.CONFLICT),
    (ConstraintViolation, ErrorCode.CONSTRAINT_VIOLATION),
    (DatabaseUnavailable, ErrorCode.DATABASE_UNAVAILABLE),
    (DatabaseBusy, ErrorCode.DATABASE_BUSY),
    (Forbidden, ErrorCode.FORBIDDEN),
    (Outdated, ErrorCode.UPGRADE_REQUIRED),
)


def code_of(error: GraphQLError) -> ErrorCode:
    original = error.original_error
    if isinstance(original, EcosystemError):
        return original.code
    for kind, code in _CODES:
        if isinstance(original, kind):
            return code
    if isinstance(original, GraphQLError):  # variables that do not fit their types
        return ErrorCode.BAD_INPUT
    if isinstance(original, Neo4jError) and (original.code or "").startswith(_TIMED_OUT):
        return ErrorCode.QUERY_TIMEOUT
    if original is None:
        return _document_code(error)
    return ErrorCode.INTERNAL_ERROR


def _document_code(error: GraphQLError) -> ErrorCode:
    """A refusal of the document itself: it does not parse or fit, or it asks too much."""
    if _document_limit(error) is not None:
        return ErrorCode.LIMIT_EXCEEDED
    tagged = (error.extensions or {}).get("code")  # our validation rules code their errors
    if isinstance(tagged, str) and tagged in ErrorCode.__members__:
        return ErrorCode(tagged)
    syntax = error.message.startswith("Syntax Error")
    return ErrorCode.GRAPHQL_PARSE_FAILED if syntax else ErrorCode.GRAPHQL_VALIDATION_FAILED


def _document_limit(error: GraphQLError) -> dict[str, Any] | None:
    """The limit graphql-core's parser refused a document for, if that is why it failed."""
    if match := _TOO_MANY_TOKENS.search(error.message):
        return {"limit": "tokens", "max": int(match.group(1))}
    if error.message.startswith(f"Syntax Error: {_TOO_DEEP}"):
        return {"limit": "depth"}
    return None


def format_error(error: GraphQLError, request_id: str) -> dict[str, Any]:
    """The JSON of one error as the client receives it."""
    code = code_of(error)
    original = error.original_error
    extensions: dict[str, Any] = {"code": code.value}
    message = error.message
    if isinstance(original, EcosystemError):
        extensions.update(original.details)
    elif isinstance(original, BadInput):
        extensions.update(argument=original.argument, expected=original.expected)
    elif isinstance(original, NotFound):
        extensions["argument"] = original.argument
    elif isinstance(original, Conflict):
        extensions.update(original.details)
    elif isinstance(original, Outdated):  # the operator's to fix: the instance is a release behind
        extensions.update(keptBy=original.kept_by, knows=original.knows)
        log.warning("write refused [request %s]: %s", request_id, original)
    elif original is None:  # a refusal of the document: which limit, if one was exceeded
        extensions.update(_document_limit(error) or error.extensions or {})
    elif code is ErrorCode.QUERY_TIMEOUT:
        message = "The query took longer than this API allows; ask for less (smaller pages)."
        log.warning("query timed out [request %s]: %s", request_id, original)
    elif code is ErrorCode.DATABASE_UNAVAILABLE:
        message = "The database is unavailable; try again shortly."
        log.warning("database unavailable [request %s]: %s", request_id, original)
    elif code is ErrorCode.DATABASE_BUSY:
        message = cast(DatabaseBusy, original).told
        extensions["retryAfter"] = DatabaseBusy.retry_after_s
        log.warning("database busy [request %s]: %s", request_id, original)
    elif code is ErrorCode.INTERNAL_ERROR:
        message = "Internal server error."
        extensions["requestId"] = request_id
        log.error("unexpected error [request %s]", request_id, exc_info=original)
    formatted: dict[str, Any] = {"message": message, "extensions": extensions}
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    if error.path:
        formatted["path"] = list(error.path)
    return formatted
