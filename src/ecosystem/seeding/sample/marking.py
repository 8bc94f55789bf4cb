"""How every sample record says it is a sample, so that none can pass for a real one.

The naming scheme (docs/data.md):
- names and titles the sample makes end in a marker: ` (sample)` in English and `（示例）` in
  Chinese for copy 1, ` (sample N)` and `（示例N）` for copy N; the number also keeps copies
  from merging into each other;
- organisations are named after an invented brand, never after a place alone, so none reads
  as a provincial body ("Changsha Huimin Open University (sample)", not "Changsha Open
  University");
- people's names are ordinary Chinese names with the marker, never a name the sources give;
- codes are in series no real body uses: standards `T/SAMPLE<level> <number>-<year>`,
  courses `SAMPLE-C<copy>-<year>-<number>`, trainers `SAMPLE-T<copy>-<number>`, training
  outcomes `SAMPLE-O<copy>-<number>`.
"""

from __future__ import annotations

MARK = "sample"
MARK_ZH = "示例"
CODE = "SAMPLE"


def mark(text: str, copy: int = 1) -> str:
    return f"{text} ({MARK})" if copy == 1 else f"{text} ({MARK} {copy})"


def mark_zh(text: str, copy: int = 1) -> str:
    return f"{text}（{MARK_ZH}）" if copy == 1 else f"{text}（{MARK_ZH}{copy}）"


def is_marked(text: str) -> bool:
    """Whether `text` carries the sample's marker (in either language) or code series."""
    return f"({MARK}" in text or f"（{MARK_ZH}" in text or CODE in text
