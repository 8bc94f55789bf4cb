"""API keys in the graph: only a hash of each key is stored, never the key.

Keys are 256 random bits, so a plain SHA-256 is enough (a slow password hash protects
guessable secrets; these are not guessable) and lets a request find its key by an indexed
lookup. `:ApiKey` nodes sit beside the ecosystem, like the audit trail: no query, export or
mutation reaches them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from neo4j.exceptions import ConstraintError

from ecosystem.graph.database import Database
from ecosystem.graph.errors import ConstraintViolation, NotFound

PREFIX = "eco_"


@dataclass(frozen=True)
class StoredKey:
    name: str
    role: str
    organisation: str | None
    created_at: str
    revoked_at: str | None
    hint: str  # the key's first characters, to tell keys apart in a list


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


async def check_organisation(db: Database, organisation: str) -> None:
    """NotFound unless an organisation has this raw id (a partner key must name a real one)."""
    found = await db.read(
        "MATCH (o:Organisation {id: $id}) RETURN o.id AS id", {"id": organisation}
    )
    if not found:
        message = f"no organisation has the id Organisation:{organisation}"
        raise NotFound(message, ("organisation",))


async def create(db: Database, name: str, role: str, organisation: str | None) -> str:
    """Store a new key and return it: the only time anyone sees it. ConstraintViolation when
    the name is taken."""
    key = new_key()
    try:
        await db.write(
            "CREATE (k:ApiKey {id: randomUUID(), name: $name, role: $role, organisation: $org, "
            "hash: $hash, hint: $hint, createdAt: datetime(), source: 'ecosystem-keys', "
            "updatedAt: datetime()})",
            {"name": name, "role": role, "org": organisation, "hash": digest(key), "hint": key[:8]},
        )
    except ConstraintError:
        raise ConstraintViolation(f"a key named {name!r} exists already") from None
    return key


async def find(db: Database, key: str) -> StoredKey | None:
    """The live (not revoked) key with this value, or None."""
    # An auto-commit probe: it must answer fast, not wait out retries, and it is no part of
    # the statements a GraphQL request compiles to.
    rows = await db.run_autocommit(
        "MATCH (k:ApiKey {hash: $hash}) WHERE k.revokedAt IS NULL RETURN " + _FIELDS,
        {"hash": digest(key)},
        mode="read",
    )
    return _stored(rows[0]) if rows else None


async def listing(db: Database) -> list[StoredKey]:
    rows = await db.read("MATCH (k:ApiKey) RETURN " + _FIELDS + " ORDER BY k.createdAt")
    return [_stored(row) for row in rows]


async def revoke(db: Database, name: str) -> bool:
    """Revoke the key with this name; False when there is no live one."""
    rows = await db.write(
        "MATCH (k:ApiKey {name: $name}) WHERE k.revokedAt IS NULL "
        "SET k.revokedAt = datetime(), k.updatedAt = datetime() RETURN count(k) AS n",
        {"name": name},
    )
    return bool(rows[0]["n"])


_FIELDS = (
    "k.name AS name, k.role AS role, k.organisation AS organisation, "
    "toString(k.createdAt) AS created_at, toString(k.revokedAt) AS revoked_at, k.hint AS hint"
)


def _stored(row: dict[str, Any]) -> StoredKey:
    return StoredKey(**row)
