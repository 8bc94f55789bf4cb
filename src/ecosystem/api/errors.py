"""Coded errors: every error a client sees has `extensions.code`, and nothing else leaks.

Errors we raise on purpose carry their code. Errors GraphQL itself reports (syntax, validation)
get the conventional codes. Anything else is a bug or an outage we did not foresee: it is logged
with the request id and reaches the client as `INTERNAL_ERROR` with that id only.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from graphql import GraphQLError

from ecosystem.graph.compiler import BadInput, NotFound
from ecosystem.graph.database import DatabaseUnavailable
from ecosystem.graph.mutations import Conflict, ConstraintViolation

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
    INTERNAL_ERROR = "INTERNAL_ERROR"


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
    code = _HTTP_CODES.get(status, ErrorCode.BAD_REQUEST)
    return {"errors": [{"message": reason, "extensions": {"code": code.value}}]}


# Exceptions we raise on purpose, by the code a client sees.
_CODES: tuple[tuple[type[Exception], ErrorCode], ...] = (
    (BadInput, ErrorCode.BAD_INPUT),
    (NotFound, ErrorCode.NOT_FOUND),
    (Conflict, ErrorCode.CONFLICT),
    (ConstraintViolation, ErrorCode.CONSTRAINT_VIOLATION),
    (DatabaseUnavailable, ErrorCode.DATABASE_UNAVAILABLE),
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
    if original is None:
        syntax = error.message.startswith("Syntax Error")
        return ErrorCode.GRAPHQL_PARSE_FAILED if syntax else ErrorCode.GRAPHQL_VALIDATION_FAILED
    return ErrorCode.INTERNAL_ERROR


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
    elif code is ErrorCode.DATABASE_UNAVAILABLE:
        message = "The database is unavailable; try again shortly."
        log.warning("database unavailable [request %s]: %s", request_id, original)
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
