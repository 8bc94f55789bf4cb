"""Compact tables for the sample's vocabulary: one string, items split on spaces and colons."""

from __future__ import annotations


def table(text: str) -> tuple[tuple[str, ...], ...]:
    """`"王:Wang:70 李:Li:70"` → `(("王", "Wang", "70"), ("李", "Li", "70"))`."""
    return tuple(tuple(item.split(":")) for item in text.split())
