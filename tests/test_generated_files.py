"""Files derived from the domain are checked in; they must match what the code derives now."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecosystem.cli import generated_files
from ecosystem.settings import PROJECT_ROOT

FILES = generated_files(PROJECT_ROOT / "schema")


@pytest.mark.parametrize("path", list(FILES), ids=lambda p: p.name)
def test_checked_in_file_matches_the_domain(path: Path) -> None:
    on_disk = path.read_text(encoding="utf-8")
    assert on_disk == FILES[path], f"{path} is stale: run `ecosystem schema` and commit it"
