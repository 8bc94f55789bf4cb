"""JSON text written by Cypher, for values Python has not read: the audit entry's `before`,
taken from the node under its lock inside the write's own statement, so an update is one
statement instead of a read and then a write (bench/README.md, Update).

The text is what `json.dumps(..., ensure_ascii=False)` writes for the same values: keys in the
order given, `", "` and `": "` between items, the same escapes in strings. Dates are ISO 8601
text as in exports; a date-time is Cypher's ISO 8601 form (the same instant as Python's, which
prints seconds and zone differently).
"""

from __future__ import annotations

# What JSON escapes in a string, the backslash first (ensure_ascii=False leaves the rest).
_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
ESCAPES = tuple(
    (char, _SHORT.get(char) or f"\\u{ord(char):04x}")
    for char in ("\\", '"', *(chr(code) for code in range(0x20)))
)


def literal(text: str) -> str:
    """`text` as a Cypher string literal (every character below U+0020 as a `\\u` escape)."""
    body = "".join(
        "\\\\" if c == "\\" else "\\'" if c == "'" else f"\\u{ord(c):04x}" if c < " " else c
        for c in text
    )
    return f"'{body}'"


_ESCAPES = "[" + ", ".join(f"[{literal(a)}, {literal(b)}]" for a, b in ESCAPES) + "]"


def scalar(value: str) -> str:
    """Cypher: the JSON text of a non-null, non-list value (`value`: an expression)."""
    return (
        f"CASE WHEN {value} IS :: STRING THEN "
        f"'\"' + reduce(json_s = {value}, json_e IN {_ESCAPES} | "
        "replace(json_s, json_e[0], json_e[1])) + '\"' "
        f"WHEN {value} IS :: BOOLEAN OR {value} IS :: INTEGER OR {value} IS :: FLOAT "
        f"THEN toString({value}) "
        f"ELSE '\"' + toString({value}) + '\"' END"
    )


def value(expression: str) -> str:
    """Cypher: the JSON text of any stored value: null, a scalar or a list of scalars."""
    return (
        f"CASE WHEN {expression} IS NULL THEN 'null' "
        f"WHEN {expression} IS :: LIST<ANY> THEN '[' + substring(reduce(json_l = '', "
        f"json_x IN {expression} | json_l + ', ' + {scalar('json_x')}), 2) + ']' "
        f"ELSE {scalar(expression)} END"
    )


def object_of(map_: str, keys: str) -> str:
    """Cypher: the JSON object of `map_`'s entries named in `keys` (a list), in that order;
    a name `map_` lacks is written as null."""
    return (
        f"'{{' + substring(reduce(json_o = '', json_k IN {keys} | json_o + ', ' + "
        f"{scalar('json_k')} + ': ' + {value(f'{map_}[json_k]')}), 2) + '}}'"
    )
