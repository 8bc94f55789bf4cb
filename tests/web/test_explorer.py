"""The explorer and GraphiQL in a real browser (Debian's Chromium) against a real uvicorn with
the seed graph: what a secretariat user does, step by step, with a screenshot of each step in
test-artifacts/explorer/ (git-ignored) — and not one request leaves our own origin."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from ecosystem.api import pages
from ecosystem.graph.database import Database
from ecosystem.settings import PROJECT_ROOT
from tests.support.processes import ECOSYSTEM, free_port, wait_for

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = PROJECT_ROOT / "test-artifacts" / "explorer"
# The flags of a headless Chromium on a closed network: no background calls to Google.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def api(seeded: Database) -> Iterator[str]:
    """`ecosystem serve` as `make run` starts it, on a free port."""
    port = free_port()
    env = {**os.environ, "ECOSYSTEM_PUBLIC_READ": "true", "ECOSYSTEM_LOG_LEVEL": "warning"}
    server = subprocess.Popen(
        [ECOSYSTEM, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/ready").status_code == 200
        yield base
    finally:
        server.terminate()
        server.wait(timeout=15)


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        await chromium.close()


@pytest.fixture
def requests() -> list[str]:
    """Every URL the page asks for."""
    return []


@pytest.fixture
async def page(browser: Browser, api: str, requests: list[str]) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    opened = await context.new_page()
    opened.on("request", lambda request: requests.append(request.url))
    yield opened
    await context.close()


def foreign(requests: list[str], base: str) -> list[str]:
    """Requests that went anywhere but our own origin (data: and blob: URLs stay local)."""
    return [u for u in requests if not u.startswith((base + "/", "data:", "blob:"))]


async def drawn(page: Page) -> int:
    await page.wait_for_function("document.body.dataset.ready === 'true' && window.__drawn > 1")
    return int(await page.evaluate("window.__drawn"))


async def test_a_secretariat_user_explores_the_ecosystem(
    page: Page, api: str, requests: list[str]
) -> None:
    await page.goto(f"{api}/explorer")
    await page.get_by_test_id("search-input").fill("开放大学")
    suggestion = page.get_by_test_id("search-suggestion").filter(
        has_text="Open University of China"
    )
    await suggestion.first.click()
    # The OUC and the department its centre signed the 2023 programme with (membership of the
    # alliance, the OUC's other link to real bodies, is not a channel the explorer draws first).
    assert await drawn(page) >= 2
    await page.screenshot(path=SHOTS / "1-neighbourhood.png")

    # Click a collaborator where the network draws it: its details open.
    box = await page.get_by_test_id("graph").bounding_box()
    assert box is not None
    where = await page.evaluate(
        "(() => { const n = window.__cy.nodes().filter(n => !n.selected())[1]"
        " || window.__cy.nodes()[1]; const p = n.renderedPosition();"
        " return {x: p.x, y: p.y, name: n.data('label')}; })()"
    )
    await page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    name = page.get_by_test_id("details-panel").locator("h2.d-name")
    await name.wait_for()  # loaded: the panel shows "loading…" until node(id:) answers
    assert (await name.inner_text()).strip()
    await page.screenshot(path=SHOTS / "2-details.png")

    # A path from the Open University of China to another organisation, highlighted.
    await page.get_by_test_id("path-from").fill("Open University of China")
    await page.get_by_test_id("path-to").fill("China Staff Service")
    await page.get_by_test_id("path-find").click()
    result = page.get_by_test_id("path-result")
    await result.wait_for()
    assert "China Staff Service" in await result.inner_text()
    await page.screenshot(path=SHOTS / "3-path.png")

    await page.get_by_test_id("view-coverage").click()
    table = page.get_by_test_id("coverage-table")
    await table.wait_for()
    assert await table.locator("td").count() > 10
    await page.screenshot(path=SHOTS / "4-coverage.png", full_page=True)
    assert requests
    assert foreign(requests, api) == []


SAMPLE_NODES = "window.__cy.nodes('.sample').length"
REAL_NODES = "window.__cy.nodes().not('.sample').length"


async def test_the_sample_is_marked_and_can_be_hidden(
    page: Page, api: str, requests: list[str]
) -> None:
    await page.goto(f"{api}/explorer#view=network&ch=COMMON_AGREEMENT,SHARED_BASE")
    assert await drawn(page) > 2
    assert await page.evaluate(SAMPLE_NODES) > 0  # drawn with a dashed outline
    assert await page.evaluate("window.__cy.edges('.sample').length") > 0
    assert await page.get_by_test_id("legend-sample").is_visible()
    switch = page.get_by_test_id("hide-sample")
    assert not await switch.is_checked()
    await page.screenshot(path=SHOTS / "6-sample-marked.png")

    await switch.check()
    await page.wait_for_function("location.hash.includes('sample=0')")
    await page.wait_for_function(f"document.body.dataset.ready === 'true' && {SAMPLE_NODES} === 0")
    # The real facts' network through agreements: the 2023 programme's two parties, the Key
    # Points' two issuers.
    assert await page.evaluate(REAL_NODES) == 4
    await page.screenshot(path=SHOTS / "7-sample-hidden.png")

    # The switch holds across views and a reload (it is in the URL); suggestions follow it.
    await page.reload()
    await page.wait_for_function("document.body.dataset.ready === 'true'")
    assert await page.get_by_test_id("hide-sample").is_checked()
    await page.get_by_test_id("search-input").fill("开放大学")
    suggestions = page.get_by_test_id("search-suggestion")
    await suggestions.first.wait_for()
    texts = await suggestions.all_inner_texts()
    assert texts
    assert not any("示例" in text or "sample" in text for text in texts)
    await page.get_by_test_id("lang-toggle").click()
    assert "Hide sample data" in await page.locator(".sample-switch").inner_text()
    assert foreign(requests, api) == []


async def test_graphiql_is_served_from_our_own_assets(
    page: Page, api: str, requests: list[str]
) -> None:
    await page.goto(f"{api}/graphql", wait_until="networkidle")
    await page.locator(".graphiql-container").wait_for()
    tabs = await page.locator(".graphiql-tab").count()
    assert tabs >= 7  # a tab per ecosystem question from the README
    await page.screenshot(path=SHOTS / "5-graphiql.png")
    assert requests
    assert foreign(requests, api) == []


def test_the_pages_say_how_to_build_them_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "DIST", tmp_path)
    response = pages.page("explorer")
    assert response.status_code == 503
    assert b"make web" in bytes(response.body)


def test_every_asset_is_local(api: str) -> None:
    html = (
        httpx.get(f"{api}/explorer").text
        + httpx.get(f"{api}/graphql", headers={"accept": "text/html"}).text
    )
    assert "http://" not in html.replace(api, "")
    assert "https://" not in html
