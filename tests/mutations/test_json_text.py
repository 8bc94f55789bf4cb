"""JSON text written by Cypher (the audit's `before`) reads as Python's json.dumps writes it."""

from __future__ import annotations

import datetime
import json
from typing import Any

from neo4j.time import Date

from ecosystem.graph.database import Database
from ecosystem.graph.mutations.json_text import ESCAPES, literal, object_of

TRICKY = "say \"家政\" \\ then\n\ta\x01b\x1f — 'quoted'"
VALUES: dict[str, Any] = {
    "text": TRICKY,
    "empty": "",
    "count": -42,
    "share": 0.125,
    "yes": True,
    "no": False,
    "day": datetime.date(2025, 7, 1),
    "names": ["a", 'b"', "c\\"],
    "none": [],
    "numbers": [1, 2, 3],
}


def python_text(values: dict[str, Any], keys: list[str]) -> str:
    plain = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in values.items()}
    return json.dumps({k: plain.get(k) for k in keys}, ensure_ascii=False)


async def cypher_text(db: Database, values: dict[str, Any], keys: list[str]) -> str:
    stored = {
        k: Date.from_native(v) if isinstance(v, datetime.date) else v for k, v in values.items()
    }
    rows = await db.read(
        f"RETURN {object_of('$values', '$keys')} AS text", {"values": stored, "keys": keys}
    )
    return str(rows[0]["text"])


async def test_the_same_text_as_json_dumps(db: Database) -> None:
    keys = sorted([*VALUES, "missing"])
    text = await cypher_text(db, VALUES, keys)
    assert text == python_text(VALUES, keys)
    assert json.loads(text)["text"] == TRICKY


async def test_no_keys_is_an_empty_object(db: Database) -> None:
    assert await cypher_text(db, VALUES, []) == "{}"


async def test_every_escape_is_a_cypher_literal_of_its_character(db: Database) -> None:
    pairs = ", ".join(f"[{literal(a)}, {literal(b)}]" for a, b in ESCAPES)
    rows = await db.read(f"RETURN [{pairs}] AS pairs")
    assert [tuple(p) for p in rows[0]["pairs"]] == list(ESCAPES)
    assert all(json.dumps(a, ensure_ascii=False) == f'"{b}"' for a, b in ESCAPES)
