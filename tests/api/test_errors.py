"""Error formatting needs no server: a GraphQLError in, the client's JSON out."""

from __future__ import annotations

import logging

import pytest
from graphql import GraphQLError

from ecosystem.api.errors import EcosystemError, ErrorCode, format_error
from ecosystem.graph.compiler import BadInput
from ecosystem.graph.database import DatabaseUnavailable


def wrap(original: Exception) -> GraphQLError:
    return GraphQLError(str(original), path=["field"], original_error=original)


def test_unexpected_errors_are_masked_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="ecosystem.errors"):
        body = format_error(wrap(KeyError("secret internals")), "req-1")
    assert body == {
        "message": "Internal server error.",
        "extensions": {"code": "INTERNAL_ERROR", "requestId": "req-1"},
        "path": ["field"],
    }
    assert "req-1" in caplog.text
    assert "secret internals" in caplog.text  # the log keeps what the client must not see


def test_database_outage_is_coded_without_driver_text() -> None:
    body = format_error(wrap(DatabaseUnavailable("Couldn't connect to 10.0.0.1")), "r")
    assert body["extensions"] == {"code": "DATABASE_UNAVAILABLE"}
    assert "10.0.0.1" not in body["message"]


def test_our_errors_keep_code_and_details() -> None:
    error = EcosystemError(ErrorCode.BAD_INPUT, "first must be at most 100", max=100)
    body = format_error(wrap(error), "r")
    assert body["message"] == "first must be at most 100"
    assert body["extensions"] == {"code": "BAD_INPUT", "max": 100}


def test_compiler_refusals_name_the_argument_and_what_is_expected() -> None:
    refusal = BadInput("first must be between 0 and 100", ["organisations", "first"], "0 to 100")
    body = format_error(wrap(refusal), "r")
    assert body["extensions"] == {
        "code": "BAD_INPUT",
        "argument": "organisations.first",
        "expected": "0 to 100",
    }
