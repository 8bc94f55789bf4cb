"""The README is part of the contract: its settings table must not drift from the code."""

from __future__ import annotations

from ecosystem.settings import PROJECT_ROOT, Settings


def test_every_setting_is_documented() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`ECOSYSTEM_{name.upper()}`" in readme, name


def test_readme_shows_the_two_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme
