"""The schema as a contract between releases: what changed since the last released schema
that would break a client, and whether the change log says so.

Each release keeps its schema in `schema/releases/<version>.graphql`. graphql-core finds the
breaking changes (a field, type, argument or enum value removed, a type changed, a required
argument or input field added); each is named by its schema coordinate (`Type.field`,
`Type.field(arg:)`, `Enum.VALUE`). A change is recorded when the change log's Unreleased section
names its coordinate in backticks under a `### Breaking`, `### Removed` or `### Changed`
heading: the deprecation policy (CHANGELOG.md) lets a break into a major version only, and only
said out loud.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphql import build_schema
from graphql.utilities import BreakingChange, find_breaking_changes

RECORDING_HEADINGS = ("Breaking", "Removed", "Changed")


@dataclass(frozen=True)
class Break:
    coordinate: str  # what to name in the change log
    kind: str  # graphql-core's BreakingChangeType name, e.g. FIELD_REMOVED
    description: str


def last_release(folder: Path) -> tuple[str, str]:
    """(version, SDL) of the newest schema in `folder`, by semantic version."""
    released = sorted(folder.glob("*.graphql"), key=lambda p: _version_key(p.stem))
    if not released:
        raise FileNotFoundError(f"no released schema in {folder}")
    newest = released[-1]
    return newest.stem, newest.read_text(encoding="utf-8")


def breaking_changes(released_sdl: str, current_sdl: str) -> list[Break]:
    changes = find_breaking_changes(build_schema(released_sdl), build_schema(current_sdl))
    return [Break(_coordinate(c), c.type.name, c.description) for c in changes]


def recorded_coordinates(changelog: str) -> set[str]:
    """Coordinates named in backticks under the Unreleased section's recording headings."""
    unreleased = changelog.split("## [Unreleased]", 1)[-1].split("\n## [", 1)[0]
    found: set[str] = set()
    for section in re.split(r"^### ", unreleased, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        if heading.strip() in RECORDING_HEADINGS:
            found.update(re.findall(r"`([^`\s]+)`", body))
    return found


def unrecorded(released_sdl: str, current_sdl: str, changelog: str) -> list[Break]:
    recorded = recorded_coordinates(changelog)
    return [b for b in breaking_changes(released_sdl, current_sdl) if b.coordinate not in recorded]


# graphql-core (3.3) words each change as a sentence naming the element by its coordinate,
# after a word of what it is ("Field Query.b was removed.", "A required argument Query.a(z:)
# was added."); a union's lost member is the union's change.
_ELEMENT = re.compile(
    r"^(?:Field |Argument |Enum value |A required (?:argument|field) )?(\S+?)\.?(?:\s|$)"
)
_UNION = re.compile(r"removed from union type (\S+?)\.$")


def _coordinate(change: BreakingChange) -> str:
    if union := _UNION.search(change.description):
        return union[1]
    element = _ELEMENT.match(change.description)
    return element[1] if element else change.description


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))
