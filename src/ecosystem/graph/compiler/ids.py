"""Global ids: `Type:uuid` for nodes and `REL_TYPE:uuid` for relationships.

Opaque to clients by contract; readable for people debugging. The prefix lets `node(id:)`
find a node through its own label's unique index.
"""

from __future__ import annotations

import re
import uuid

_ID = re.compile(r"^([A-Za-z][A-Za-z_]*):([0-9a-fA-F-]{36})$")


def encode(prefix: str, raw: str) -> str:
    return f"{prefix}:{raw}"


def decode(global_id: str) -> tuple[str, str] | None:
    """(prefix, raw uuid) or None when `global_id` is not one of ours."""
    match = _ID.match(global_id) if isinstance(global_id, str) else None
    if match is None:
        return None
    try:
        raw = str(uuid.UUID(match.group(2)))
    except ValueError:
        return None
    return match.group(1), raw
