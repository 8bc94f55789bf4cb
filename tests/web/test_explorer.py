"""The explorer and GraphiQL in a real browser (Debian's Chromium) against a real uvicorn with
the seed graph: what a secretariat user does, step by step, with a screenshot of each step in
test-artifacts/explorer/ (git-ignored) — and not one request leaves our own origin."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from ecosystem.api import pages
from ecosystem.graph import keys
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


TASK_TITLES = {
    "zh": [
        "标准建设",
        "共建共享实训基地",
        "双师型队伍与校企互聘",
        "课程共建与数智赋能",
        "人才培养",
        "学分银行",
    ],
    "en": [
        "Standards",
        "Shared training bases",
        "Dual-qualified trainers and reciprocal hires",
        "Co-developed courses and AI",
        "Talent cultivation",
        "Credit bank",
    ],
}
CHARTS = "svg.ct-chart-bar, svg.ct-chart-line"


async def ready(page: Page) -> None:
    await page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)


async def task_titles(page: Page, section: str) -> list[str]:
    """The task cards' titles in a section, each card checked to hold a drawn chart."""
    cards = page.locator(f"#{section} [data-testid=progress-task]")
    for card in await cards.all():
        assert await card.locator(CHARTS).count() >= 1
    return [text.strip() for text in await cards.locator("h3").all_inner_texts()]


async def test_the_progress_page_charts_each_task_over_the_years(
    page: Page, api: str, requests: list[str]
) -> None:
    await page.goto(f"{api}/explorer")
    await ready(page)
    await page.get_by_test_id("view-progress").click()
    await ready(page)
    assert "view=progress" in await page.evaluate("location.hash")
    assert await task_titles(page, "progress-tasks") == TASK_TITLES["zh"]
    legends = await page.locator("#progress-tasks .chart-legend").all_inner_texts()
    assert "累计发布" in " ".join(legends)
    assert "年份" in await page.locator("#progress-tasks .chart-axis.x").first.inner_text()
    await page.screenshot(path=SHOTS / "8-progress.png", full_page=True)

    await page.get_by_test_id("lang-toggle").click()
    await ready(page)
    assert await task_titles(page, "progress-tasks") == TASK_TITLES["en"]
    legends = await page.locator("#progress-tasks .chart-legend").all_inner_texts()
    assert "Published to date" in " ".join(legends)
    assert "Year" in await page.locator("#progress-tasks .chart-axis.x").first.inner_text()

    # A shorter period: a year on the axis for each year in it, and in the URL.
    await page.get_by_test_id("progress-from").select_option("2023")
    await page.wait_for_function("location.hash.includes('pfrom=2023')")
    await ready(page)
    to = int(await page.get_by_test_id("progress-to").input_value())
    labels = page.locator("#progress-tasks .chart").first.locator(".ct-label.ct-horizontal")
    assert await labels.all_inner_texts() == [str(y) for y in range(2023, to + 1)]

    # Without the sample, only the real facts count: less of everything.
    drawn_total = "[...document.querySelectorAll('#progress-tasks [data-value]')]" + (
        ".reduce((s, e) => s + Number(e.dataset.value), 0)"
    )
    with_sample = await page.evaluate(drawn_total)
    await page.get_by_test_id("hide-sample").check()
    await page.wait_for_function("location.hash.includes('sample=0')")
    await ready(page)
    assert await task_titles(page, "progress-tasks") == TASK_TITLES["en"]
    assert await page.evaluate(drawn_total) < with_sample
    assert foreign(requests, api) == []


async def test_the_progress_page_compares_the_provinces(
    page: Page, api: str, requests: list[str]
) -> None:
    await page.goto(f"{api}/explorer#view=progress")
    await ready(page)
    await page.get_by_test_id("progress-by-province").click()
    await page.wait_for_function("location.hash.includes('pby=province')")
    await ready(page)
    rows = page.get_by_test_id("progress-province-row")
    assert await rows.count() == 34
    values = [float(v or 0) for v in await rows.evaluate_all("rs => rs.map(r => r.dataset.value)")]
    assert values == sorted(values, reverse=True)

    await page.get_by_test_id("progress-measure").select_option("courses.coDeveloped")
    await page.wait_for_function("location.hash.includes('pm=courses.coDeveloped')")
    await ready(page)
    table = page.get_by_test_id("progress-provinces")
    assert await table.get_attribute("data-measure") == "courses.coDeveloped"
    assert "共建课程" in await table.locator("thead").inner_text()
    assert await table.locator(".bar").count() == 34

    # A province without trainers has no share of them: "—", after every province with one.
    await page.get_by_test_id("progress-measure").select_option("trainers.dualQualifiedShare")
    await page.wait_for_function("location.hash.includes('pm=trainers.dualQualifiedShare')")
    await ready(page)
    shares = await rows.evaluate_all("rs => rs.map(r => r.dataset.value)")
    known = [float(v) for v in shares if v]
    assert known == sorted(known, reverse=True)
    assert 0 < len(known) < 34
    assert shares == [*shares[: len(known)], *[""] * (34 - len(known))]
    assert (await rows.last.locator(".bar-value").inner_text()) == "—"

    await page.get_by_test_id("sort-province").click()
    await ready(page)
    assert await rows.first.get_attribute("data-province") == "Beijing"
    assert "北京" in await rows.first.inner_text()
    assert await rows.count() == 34
    await page.screenshot(path=SHOTS / "9-progress-provinces.png", full_page=True)
    assert foreign(requests, api) == []


UNITS = """{ allianceProgress(by: MEMBER, first: 200) { rows { member {
  units(first: 20) { edges { node { id name nameZh memberships(first: 1) { totalCount } } } } } } } }"""
REASON_NO_KEY = {
    "zh": "未使用 API 密钥：输入合作单位的密钥即可查看本单位的进展。",
    "en": "No API key: enter your organisation's partner key to see its own progress.",
}


async def a_unit_of_a_member(api: str) -> dict[str, str]:
    """An organisation that is no member itself, only a unit of one: its rows are its own."""
    async with httpx.AsyncClient() as http:
        answer = (await http.post(f"{api}/graphql", json={"query": UNITS})).json()
    units = [
        edge["node"]
        for row in answer["data"]["allianceProgress"]["rows"]
        for edge in row["member"]["units"]["edges"]
        if not edge["node"]["memberships"]["totalCount"]
    ]
    assert units, "the seed graph has a unit of an alliance member"
    unit: dict[str, str] = units[0]
    return unit


def asked_for(bodies: list[str], organisation: str) -> int:
    """How many requests asked allianceProgress about `organisation`."""
    asked = [json.loads(body) for body in bodies if "allianceProgress" in body]
    return sum(1 for body in asked if body["variables"].get("org") == organisation)


async def test_a_partner_sees_its_own_organisation_progress(
    page: Page, api: str, seeded: Database, requests: list[str]
) -> None:
    bodies: list[str] = []
    page.on("request", lambda request: bodies.append(request.post_data or ""))
    await page.goto(f"{api}/explorer#view=progress")
    await ready(page)
    # Anonymous: why there is no organisation of one's own, translated; not an error.
    message = page.get_by_test_id("progress-mine-message")
    assert await message.inner_text() == REASON_NO_KEY["zh"]
    assert not await page.get_by_test_id("message").is_visible()
    await page.get_by_test_id("lang-toggle").click()
    await ready(page)
    assert await message.inner_text() == REASON_NO_KEY["en"]

    # A partner whose organisation is a unit of a member: its own rows, in one request.
    unit = await a_unit_of_a_member(api)
    key = await keys.create(seeded, "explorer-partner", "partner", unit["id"].split(":", 1)[1])
    await page.get_by_test_id("api-key-input").fill(key)
    await page.get_by_test_id("api-key-input").press("Tab")  # the key is used once entered
    name = page.get_by_test_id("progress-mine-name")
    await name.wait_for(timeout=60_000)
    await ready(page)
    assert await name.inner_text() == unit["name"]
    assert await task_titles(page, "progress-mine") == TASK_TITLES["en"]
    assert await page.locator(f"#progress-mine {CHARTS}").count() >= 6
    assert await page.locator("#progress-mine [data-value]").count() > 0
    assert asked_for(bodies, unit["id"]) == 1
    await page.screenshot(path=SHOTS / "10-progress-partner.png", full_page=True)

    await page.get_by_test_id("lang-toggle").click()
    await ready(page)
    assert await name.inner_text() == (unit["nameZh"] or unit["name"])
    assert await task_titles(page, "progress-mine") == TASK_TITLES["zh"]
    assert asked_for(bodies, unit["id"]) == 1  # relabelled, not asked again
    assert foreign(requests, api) == []


async def test_graphiql_is_served_from_our_own_assets(
    page: Page, api: str, requests: list[str]
) -> None:
    await page.goto(f"{api}/graphql", wait_until="networkidle")
    await page.locator(".graphiql-container").wait_for()
    tabs = await page.locator(".graphiql-tab").count()
    assert tabs >= 7  # a tab per example of docs/questions.md
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
