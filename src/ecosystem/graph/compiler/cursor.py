"""Keyset cursors: the sort values of a row plus its id, tied to the ordering they came from.

A cursor is opaque to clients (base64url of JSON) and strictly checked on the way back in: a
cursor from another ordering, or one that was tampered with, is a coded error, never a
silently wrong page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from neo4j.time import Date, DateTime

from ecosystem.domain import Property, Scalar
from ecosystem.graph.compiler.plan import SortKey
from ecosystem.graph.errors import BadInput
from ecosystem.graph.temporal import offset_datetime


class CursorError(ValueError):
    """The `after` argument is not a cursor of this connection's ordering."""


def fingerprint(order: Sequence[SortKey]) -> str:
    spec = ",".join(f"{k.prop.name}:{'D' if k.descending else 'A'}" for k in order)
    return hashlib.blake2s(spec.encode(), digest_size=4).hexdigest()


def encode(order: Sequence[SortKey], values: Sequence[Any]) -> str:
    payload = {"o": fingerprint(order), "v": [_plain(v) for v in values]}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(order: Sequence[SortKey], cursor: str) -> tuple[Any, ...]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise CursorError("not a cursor") from error
    if not isinstance(payload, dict) or payload.get("o") != fingerprint(order):
        raise CursorError("a cursor of another ordering")
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(order):
        raise CursorError("a cursor of another ordering")
    return tuple(_typed(k.prop, v) for k, v in zip(order, values, strict=True))


def argument(
    order: Sequence[SortKey], value: str, path: Sequence[str | int], expected: str
) -> tuple[Any, ...]:
    """`decode` for a cursor a client passed as the argument at `path`: BadInput (naming the
    argument and what it expects) when it is not one of this ordering."""
    try:
        return decode(order, value)
    except CursorError as error:
        raise BadInput(f"{path[-1]} is {error}", path, expected) from None


def _plain(value: Any) -> Any:
    if isinstance(value, Date | DateTime | date | datetime):
        return value.isoformat()
    return value


def _typed(prop: Property, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, _EXPECTED.get(prop.type, (str,))):
        raise CursorError("a cursor with a value of the wrong type")
    parse = _PARSERS.get(prop.type)
    if parse is None:
        return value
    try:
        return parse(str(value))
    except ValueError as error:
        raise CursorError("a cursor with a malformed date") from error


_EXPECTED: dict[object, tuple[type, ...]] = {
    Scalar.INT: (int,),
    Scalar.FLOAT: (int, float),
    Scalar.BOOLEAN: (bool,),
}
# Neo4j's own types keep nanoseconds, so equal stored values compare equal.
_PARSERS: dict[object, Any] = {
    Scalar.DATE: Date.from_iso_format,
    Scalar.DATETIME: offset_datetime,
}
