"""The documentation in two languages: every English page has its Chinese counterpart with the
same headings and the same code, links that resolve inside the repository, and the tables a
test keeps equal to the code (settings, limits) on both pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ecosystem.api.errors import ErrorCode
from ecosystem.limits import render_limits
from ecosystem.settings import PROJECT_ROOT, render_settings

ZH = ".zh-CN.md"
PARSER = MarkdownIt("commonmark").enable("table")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
RENDER = "the table `python -c 'import ecosystem.{0} as m; print(m.render_{0}())'` prints"


def english_pages() -> list[Path]:
    docs = sorted(p for p in (PROJECT_ROOT / "docs").rglob("*.md") if not p.name.endswith(ZH))
    return [PROJECT_ROOT / "README.md", *docs]


def chinese_pages() -> list[Path]:
    return [PROJECT_ROOT / f"README{ZH}", *sorted((PROJECT_ROOT / "docs").rglob(f"*{ZH}"))]


def counterpart(page: Path) -> Path:
    if page.name.endswith(ZH):
        return page.with_name(page.name.removesuffix(ZH) + ".md")
    return page.with_name(page.name.removesuffix(".md") + ZH)


def tokens(page: Path) -> list[Token]:
    return PARSER.parse(page.read_text(encoding="utf-8"))


def headings(page: Path) -> list[str]:
    return [t.tag for t in tokens(page) if t.type == "heading_open"]


def fences(page: Path) -> list[str]:
    return [f"```{t.info}\n{t.content}" for t in tokens(page) if t.type in ("fence", "code_block")]


def inline_children(page: Path) -> Iterator[tuple[Token, bool]]:
    """Each inline token's children, and whether they sit in a table."""
    in_table = False
    for token in tokens(page):
        in_table = {"table_open": True, "table_close": False}.get(token.type, in_table)
        for child in token.children or []:
            yield child, in_table


def links(page: Path) -> list[str]:
    found = []
    for child, _ in inline_children(page):
        target = child.attrs.get("href") if child.type == "link_open" else child.attrs.get("src")
        if isinstance(target, str):
            found.append(target)
    return found


def name(page: Path) -> str:
    return str(page.relative_to(PROJECT_ROOT))


PAIRS = [(page, counterpart(page)) for page in english_pages()]
ALL_PAGES = english_pages() + chinese_pages()


@pytest.mark.parametrize("page", ALL_PAGES, ids=name)
def test_every_page_has_its_counterpart(page: Path) -> None:
    assert counterpart(page).is_file(), f"{name(page)} has no {name(counterpart(page))}"


@pytest.mark.parametrize(("english", "chinese"), PAIRS, ids=name)
def test_both_languages_have_the_same_sections(english: Path, chinese: Path) -> None:
    if not chinese.is_file():
        pytest.fail(f"{name(chinese)} is missing")
    assert headings(chinese) == headings(english)


@pytest.mark.parametrize(("english", "chinese"), PAIRS, ids=name)
def test_both_languages_have_the_same_code(english: Path, chinese: Path) -> None:
    if not chinese.is_file():
        pytest.fail(f"{name(chinese)} is missing")
    assert fences(chinese) == fences(english)


@pytest.mark.parametrize("page", ALL_PAGES, ids=name)
def test_relative_links_resolve_inside_the_repository(page: Path) -> None:
    for target in links(page):
        parts = urlsplit(target)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        assert not parts.scheme, f"{name(page)}: {target}"
        assert not parts.netloc, f"{name(page)}: {target}"
        if not parts.path:
            continue  # an anchor on the same page
        resolved = (page.parent / unquote(parts.path)).resolve()
        assert resolved.is_relative_to(PROJECT_ROOT), f"{name(page)} links outside: {target}"
        assert resolved.exists(), f"{name(page)}: {target} does not exist"


@pytest.mark.parametrize("page", chinese_pages(), ids=name)
def test_chinese_pages_are_written_in_chinese(page: Path) -> None:
    """Code and inline code aside; the share is taken over prose, since generated tables stay
    as rendered."""
    texts = [(c.content, in_table) for c, in_table in inline_children(page) if c.type == "text"]
    everywhere = len(CJK.findall("".join(text for text, _ in texts)))
    prose = "".join(text for text, in_table in texts if not in_table)
    cjk, latin = len(CJK.findall(prose)), len(LATIN.findall(prose))
    assert everywhere >= 200, f"{name(page)}: {everywhere} Chinese characters"
    assert cjk >= 0.5 * latin, f"{name(page)}: {cjk} Chinese characters, {latin} Latin letters"


def test_the_readmes_link_each_other() -> None:
    english, chinese = PROJECT_ROOT / "README.md", PROJECT_ROOT / f"README{ZH}"
    assert f"README{ZH}" in links(english)[:2]
    assert "README.md" in links(chinese)[:2]


def test_the_readme_shows_the_two_commands() -> None:
    for readme in ("README.md", f"README{ZH}"):
        text = (PROJECT_ROOT / readme).read_text(encoding="utf-8")
        assert "make run" in text
        assert "make test" in text


@pytest.mark.parametrize("page", ["docs/settings.md", f"docs/settings{ZH}"])
def test_the_settings_table_is_the_model(page: str) -> None:
    text = (PROJECT_ROOT / page).read_text(encoding="utf-8")
    assert render_settings() in text, f"{page}: paste {RENDER.format('settings')}"


@pytest.mark.parametrize("page", ["docs/limits-and-errors.md", f"docs/limits-and-errors{ZH}"])
def test_the_limits_table_is_the_registry(page: str) -> None:
    text = (PROJECT_ROOT / page).read_text(encoding="utf-8")
    assert render_limits() in text, f"{page}: paste {RENDER.format('limits')}"


@pytest.mark.parametrize("page", ["docs/limits-and-errors.md", f"docs/limits-and-errors{ZH}"])
def test_every_error_code_is_explained(page: str) -> None:
    text = (PROJECT_ROOT / page).read_text(encoding="utf-8")
    missing = [code.value for code in ErrorCode if f"`{code.value}`" not in text]
    assert not missing, f"{page} does not explain {missing}"
