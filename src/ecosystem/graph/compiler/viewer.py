"""Whose eyes a read is compiled for: which private properties it may see or filter on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Viewer:
    # all: every value; own: where the node belongs to `organisation`; none: always null
    private: Literal["none", "own", "all"] = "all"
    organisation: str | None = None  # raw id, for `own`


TRUSTED = Viewer()  # the CLI and the server's own reads
