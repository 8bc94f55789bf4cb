from __future__ import annotations

from pathlib import Path

import pytest

from ecosystem.graph import migrations
from ecosystem.graph.database import Database
from ecosystem.settings import Settings


def write(folder: Path, name: str, text: str = "RETURN 1;") -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_load_orders_files_and_splits_statements(tmp_path: Path) -> None:
    write(tmp_path, "0002_second.cypher", "// a comment; with a semicolon\nRETURN 2;\nRETURN 3")
    write(tmp_path, "0001_first.cypher")
    loaded = migrations.load(tmp_path)
    assert [(m.version, m.name) for m in loaded] == [(1, "first"), (2, "second")]
    assert loaded[1].statements == ("RETURN 2", "RETURN 3")
    assert migrations.latest(loaded) == 2


def test_derive_and_rekeep_files_carry_no_statements(tmp_path: Path) -> None:
    write(tmp_path, "0001_first.derive", "Why the derived facts are rebuilt; not Cypher.")
    write(tmp_path, "0002_second.rekeep", "Why the counters' kept values are rewritten.")
    rebuilt, rekept = migrations.load(tmp_path)
    assert (rebuilt.rebuild, rebuilt.rekeep, rebuilt.statements) == (True, False, ())
    assert (rekept.rebuild, rekept.rekeep, rekept.statements) == (False, True, ())


def test_newer_lists_what_a_graph_recorded_past_the_files(tmp_path: Path) -> None:
    write(tmp_path, "0001_first.cypher")
    write(tmp_path, "0002_second.cypher")
    loaded = migrations.load(tmp_path)
    assert migrations.newer({1: "a", 2: "b"}, loaded) == []
    assert migrations.newer({1: "a", 2: "b", 4: "d", 3: "c"}, loaded) == [3, 4]
    assert [m.version for m in migrations.unapplied({1: loaded[0].checksum}, loaded)] == [2]


@pytest.mark.parametrize(
    ("names", "message"),
    [(["0001_a.cypher", "0003_c.cypher"], "without gaps"), (["1_a.cypher"], "NNNN_")],
)
def test_load_rejects_bad_sequences(tmp_path: Path, names: list[str], message: str) -> None:
    for name in names:
        write(tmp_path, name)
    with pytest.raises(ValueError, match=message):
        migrations.load(tmp_path)


async def test_applied_once_and_recorded(db: Database, settings: Settings) -> None:
    loaded = migrations.load(settings.migrations_dir)
    assert await migrations.apply(db, loaded) == []  # the session fixture applied them
    assert await migrations.recorded(db) == {m.version: m.checksum for m in loaded}


async def test_a_changed_file_is_applied_again(db: Database, tmp_path: Path) -> None:
    write(tmp_path, "0001_domain.cypher", "RETURN 1")
    changed = migrations.load(tmp_path)
    assert await migrations.pending(db, changed) == changed


async def test_fulltext_index_uses_the_cjk_analyzer(db: Database) -> None:
    rows = await db.read(
        "SHOW FULLTEXT INDEXES YIELD name, state, options WHERE name = 'names' "
        "RETURN state, options.indexConfig['fulltext.analyzer'] AS analyzer"
    )
    assert rows == [{"state": "ONLINE", "analyzer": "cjk"}]


async def test_fulltext_finds_chinese_and_english(graph: Database) -> None:
    await graph.write(
        "CREATE (:Organisation {name: 'Open University of China', nameZh: '国家开放大学'})"
    )
    await graph.await_search_index()  # eventually consistent (migration 0003)
    for text in ["开放大学", "open university"]:
        rows = await graph.read(
            "CALL db.index.fulltext.queryNodes('names', $q) YIELD node RETURN node.name AS name",
            {"q": text},
        )
        assert [r["name"] for r in rows] == ["Open University of China"]
