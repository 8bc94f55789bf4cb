"""The schema against the last released one: a breaking change needs its line in the change log
(CHANGELOG.md's deprecation policy), or `make test` fails."""

from __future__ import annotations

import re

import pytest

from ecosystem import __version__
from ecosystem.api.releases import breaking_changes, last_release, recorded_coordinates, unrecorded
from ecosystem.settings import PROJECT_ROOT

RELEASES = PROJECT_ROOT / "schema" / "releases"
CHANGELOG = (PROJECT_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
CURRENT = (PROJECT_ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8")

RELEASED = """
type Query { trainers(first: Int, province: String): [Trainer!]!  stats: Stats  kind: Kind }
type Trainer { name: String!  title: String  hired: Int }
type Stats { nodes: Int }
enum Kind { SCHOOL COMPANY }
input Where { name: String }
type Mutation { rename(where: Where): Int }
"""
NEXT = """
type Query { trainers(first: Int, after: String!): [Trainer!]!  kind: Kind }
type Trainer { name: String  title: String  hired: Int  since: Int }
enum Kind { SCHOOL }
input Where { name: String  exact: Boolean! }
type Mutation { rename(where: Where): Int }
"""


def changelog(*breaking: str) -> str:
    lines = "\n".join(f"- `{coordinate}` is gone." for coordinate in breaking)
    return f"# Changelog\n\n## [Unreleased]\n\n### Removed\n{lines}\n\n## [0.1.0] — 2026-11-30\n"


def test_the_current_schema_breaks_nothing_unrecorded() -> None:
    version, released = last_release(RELEASES)
    missing = unrecorded(released, CURRENT, CHANGELOG)
    listed = "\n".join(f"  `{b.coordinate}`: {b.description}" for b in missing)
    assert not missing, (
        f"breaking changes since {version}, not in CHANGELOG.md's Unreleased section under "
        f"### Breaking / Removed / Changed (name each coordinate in backticks):\n{listed}"
    )


def test_the_last_released_schema_is_the_last_version_in_the_changelog() -> None:
    released = [v for v in re.findall(r"^## \[([^\]]+)\]", CHANGELOG, re.M) if v != "Unreleased"]
    assert last_release(RELEASES)[0] == released[0] == __version__


def test_each_kind_of_break_is_named_by_its_coordinate() -> None:
    found = {(b.coordinate, b.kind) for b in breaking_changes(RELEASED, NEXT)}
    assert found == {
        ("Query.stats", "FIELD_REMOVED"),
        ("Stats", "TYPE_REMOVED"),
        ("Query.trainers(province:)", "ARG_REMOVED"),
        ("Query.trainers(after:)", "REQUIRED_ARG_ADDED"),
        ("Trainer.name", "FIELD_CHANGED_KIND"),  # non-null to nullable breaks a client's types
        ("Kind.COMPANY", "VALUE_REMOVED_FROM_ENUM"),
        ("Where.exact", "REQUIRED_INPUT_FIELD_ADDED"),
    }


def test_additions_break_nothing() -> None:
    assert breaking_changes(RELEASED, RELEASED.replace("hired: Int", "hired: Int  left: Int")) == []


def test_a_break_passes_only_once_the_changelog_names_it() -> None:
    every = [b.coordinate for b in breaking_changes(RELEASED, NEXT)]
    assert [b.coordinate for b in unrecorded(RELEASED, NEXT, changelog())] == every
    left = unrecorded(RELEASED, NEXT, changelog(*every[1:]))
    assert [b.coordinate for b in left] == every[:1]
    assert unrecorded(RELEASED, NEXT, changelog(*every)) == []


@pytest.mark.parametrize("heading", ["Added", "Fixed", "Security"])
def test_only_the_breaking_headings_record(heading: str) -> None:
    text = changelog("Query.stats").replace("### Removed", f"### {heading}")
    assert recorded_coordinates(text) == set()


def test_a_released_version_does_not_record_an_unreleased_break() -> None:
    text = "## [Unreleased]\n\n### Added\n- x\n\n## [0.1.0]\n\n### Removed\n- `Query.stats`\n"
    assert recorded_coordinates(text) == set()
