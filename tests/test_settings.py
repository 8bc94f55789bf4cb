from __future__ import annotations

import pytest

from ecosystem.settings import Settings


def test_local_database_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("ECOSYSTEM_LOCAL_NEO4J_PORT", "7999")
    settings = Settings()
    assert settings.uses_local_neo4j
    assert settings.bolt_uri == "bolt://127.0.0.1:7999"


@pytest.mark.parametrize("uri", ["bolt://db:7687", "neo4j://cluster:7687", "neo4j+s://x.io"])
def test_neo4j_uri_points_elsewhere(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_DATABASE", "ecosystem")
    settings = Settings()
    assert not settings.uses_local_neo4j
    assert settings.bolt_uri == uri
    assert settings.neo4j_database == "ecosystem"


def test_bad_setting_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOSYSTEM_PORT", "not-a-port")
    with pytest.raises(ValueError, match="port"):
        Settings()
