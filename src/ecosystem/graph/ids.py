"""Global ids: `Type:uuid` for nodes and `REL_TYPE:uuid` for relationships.

Opaque to clients by contract; readable for people debugging. The prefix lets `node(id:)`
find a node through its own label's unique index. Every id a request names is checked by
`expect`, which says which argument was wrong and what it should have been.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Sequence

from ecosystem.graph.errors import BadInput

_ID = re.compile(r"^([A-Za-z][A-Za-z_]*):([0-9a-fA-F-]{36})$")


def encode(prefix: str, raw: str) -> str:
    return f"{prefix}:{raw}"


def decode(global_id: object) -> tuple[str, str] | None:
    """(prefix, raw uuid) or None when `global_id` is not one of ours."""
    match = _ID.match(global_id) if isinstance(global_id, str) else None
    if match is None:
        return None
    try:
        raw = str(uuid.UUID(match.group(2)))
    except ValueError:
        return None
    return match.group(1), raw


def expect(
    value: object, accepted: str | Collection[str], argument: Sequence[str | int]
) -> tuple[str, str]:
    """(type, raw uuid) of `value`, an id of the type `accepted` names (or of one of several);
    BadInput naming `argument` otherwise."""
    decoded = decode(value)
    wanted = (accepted,) if isinstance(accepted, str) else accepted
    if decoded is not None and decoded[0] in wanted:
        return decoded
    if isinstance(accepted, str):
        raise BadInput(f"{value!r} is not the id of a {accepted}", argument, f"a {accepted} id")
    raise BadInput(f"{value!r} is not an id of this API", argument, "an `id` returned by this API")


def raw(value: object, type_name: str, argument: Sequence[str | int]) -> str:
    """The raw uuid of `value`, which must be the id of a `type_name`."""
    return expect(value, type_name, argument)[1]
