"""Trusted documents in the graph: operation documents a client may send by id.

The id is the SHA-256 of the document's text (lower-case hex), so a document cannot change
under its id and any instance finds the same text. `:TrustedDocument` nodes sit beside the
ecosystem, like API keys: no query, export or mutation reaches them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ecosystem.graph.database import Database


@dataclass(frozen=True)
class StoredDocument:
    id: str
    text: str
    operations: list[str]  # the operation names it holds, for people
    added_at: str


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def add(db: Database, documents: dict[str, list[str]]) -> list[str]:
    """Register the documents (text → operation names), all or none; the ids of those that
    were not registered yet."""
    rows = await db.write(
        "UNWIND $documents AS doc "
        "OPTIONAL MATCH (known:TrustedDocument {id: doc.id}) "
        "WITH doc, known IS NULL AS new "
        "MERGE (d:TrustedDocument {id: doc.id}) "
        "ON CREATE SET d.text = doc.text, d.operations = doc.operations, "
        "d.addedAt = datetime(), d.source = 'ecosystem-documents' "
        "WITH doc, new WHERE new RETURN doc.id AS id",
        {
            "documents": [
                {"id": document_id(text), "text": text, "operations": names}
                for text, names in documents.items()
            ]
        },
    )
    return [row["id"] for row in rows]


async def find(db: Database, id_: str) -> str | None:
    """The text registered under this id, or None."""
    # Auto-commit, like a key's lookup: a probe that must answer fast, no part of what the
    # request's GraphQL compiles to.
    rows = await db.run_autocommit(
        "MATCH (d:TrustedDocument {id: $id}) RETURN d.text AS text", {"id": id_}, mode="read"
    )
    return str(rows[0]["text"]) if rows else None


async def listing(db: Database) -> list[StoredDocument]:
    rows = await db.read(
        "MATCH (d:TrustedDocument) RETURN d.id AS id, d.text AS text, "
        "d.operations AS operations, toString(d.addedAt) AS added_at ORDER BY d.addedAt, d.id"
    )
    return [_stored(row) for row in rows]


async def remove(db: Database, id_: str) -> bool:
    rows = await db.write(
        "MATCH (d:TrustedDocument {id: $id}) DETACH DELETE d RETURN count(*) AS n", {"id": id_}
    )
    return bool(rows and rows[0]["n"])


def _stored(row: dict[str, Any]) -> StoredDocument:
    return StoredDocument(**row)
