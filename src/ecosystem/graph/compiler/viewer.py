"""Whose eyes a read is compiled for: which private properties it may see or filter on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Viewer:
    # all: every value; own: where the node belongs to `organisation`; none: always null
    private: Literal["none", "own", "all"] = "all"
    organisation: str | None = None  # raw id, for `own`; a partner's organisation
    role: str = "trusted"  # the caller's role (domain/access.py), for the `viewer` question
    name: str = "ecosystem"  # the caller's name: an API key's, or `anonymous`


TRUSTED = Viewer()  # the CLI and the server's own reads
