"""The version a user can ask for, and the changelog that says what it holds."""

from __future__ import annotations

import re

from ecosystem import __version__
from ecosystem.settings import PROJECT_ROOT
from tests.support.processes import cli

CHANGELOG = PROJECT_ROOT.joinpath("CHANGELOG.md").read_text(encoding="utf-8")


def test_the_command_prints_the_installed_version() -> None:
    done = cli("--version")
    assert done.returncode == 0
    assert done.stdout == f"ecosystem {__version__}\n"


def test_the_changelog_has_the_version_and_the_policy() -> None:
    versions = re.findall(r"^## \[([^\]]+)\]", CHANGELOG, re.M)
    assert versions[0] == "Unreleased"
    assert __version__ in versions  # every released version has its section
    assert "## Deprecation policy" in CHANGELOG
    # Every migration since the changelog began (after 0011, in 0.1.0) is announced in it.
    listed = set(re.findall(r"`(\d{4})_[a-z0-9_]+\.(?:cypher|derive|rekeep)`", CHANGELOG))
    migrations = {p.name[:4] for p in PROJECT_ROOT.joinpath("schema", "migrations").iterdir()}
    assert {m for m in migrations if m > "0011"} <= listed
