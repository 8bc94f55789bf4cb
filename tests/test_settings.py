from __future__ import annotations

import pytest

from ecosystem.app import ExposedPublicRead, create_app
from ecosystem.settings import Settings


def test_local_database_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("ECOSYSTEM_LOCAL_NEO4J_PORT", "7999")
    settings = Settings()
    assert settings.uses_local_neo4j
    assert settings.bolt_uri == "bolt://127.0.0.1:7999"


def test_a_copy_pointed_elsewhere_connects_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    settings = Settings()
    assert settings.bolt_uri.startswith("bolt://127.0.0.1:")  # read once, as the app does
    moved = settings.model_copy(update={"neo4j_uri": "bolt://elsewhere:7687"})
    assert moved.bolt_uri == "bolt://elsewhere:7687"


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


def test_the_production_profile_turns_off_what_a_demo_wants(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ECOSYSTEM_PRODUCTION", "true")
    settings = Settings()
    assert (settings.introspection, settings.graphql_ide, settings.include_sample) == (
        False,
        False,
        False,
    )
    assert settings.log_format == "json"
    monkeypatch.setenv("ECOSYSTEM_GRAPHQL_IDE", "true")  # set explicitly: kept
    assert Settings().graphql_ide is True
    assert Settings(production=False).introspection is True  # no profile, no change


def test_production_will_not_serve_anonymous_reads_on_a_public_address() -> None:
    exposed = Settings(production=True, public_read=True, host="0.0.0.0")
    with pytest.raises(ExposedPublicRead, match="loopback"):
        create_app(exposed)
    create_app(exposed.model_copy(update={"host": "127.0.0.1"}))  # behind a proxy: fine
