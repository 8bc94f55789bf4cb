"""Date-times as Neo4j compares them.

Neo4j stores `datetime()` with an offset ("Z") and orders a value with a named zone ("[UTC]")
apart from the same instant with an offset: `datetime('…Z') < <the same instant in [UTC]>`
is true. The driver sends a `pytz.UTC` time with the named zone, so every date-time we pass
as a parameter gets a plain offset first.
"""

from __future__ import annotations

import datetime

from neo4j.time import DateTime


def offset_datetime(value: str | datetime.datetime | DateTime) -> DateTime:
    parsed = DateTime.from_iso_format(value) if isinstance(value, str) else value
    if not isinstance(parsed, DateTime):
        parsed = DateTime.from_native(parsed)
    offset = parsed.utcoffset()
    if offset is None:
        return parsed
    return parsed.replace(tzinfo=datetime.timezone(offset))
