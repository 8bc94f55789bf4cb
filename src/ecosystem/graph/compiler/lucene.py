"""User text as a safe Lucene query: every special character escaped, operators neutralised."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r'([\\+\-!():^\[\]"{}~*?|&/])')
_OPERATORS = re.compile(r"\b(AND|OR|NOT)\b")
MAX_LENGTH = 200


def escape(text: str) -> str:
    """Words of `text` as plain terms (any of them may match; Lucene ranks by how many do)."""
    text = text.replace("\x00", " ")[:MAX_LENGTH]
    escaped = _SPECIAL.sub(r"\\\1", text)
    return _OPERATORS.sub(lambda m: m.group(1).lower(), escaped).strip()
