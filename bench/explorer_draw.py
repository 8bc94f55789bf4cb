"""Time to the first drawn network in the explorer, in Debian's Chromium, and the bundle size.

    .venv/bin/python -m bench.explorer_draw [--scale 10] [--runs 5] [--screenshot docs/explorer.png]
        [--progress-screenshot docs/progress.png]
        [--neo4j-port 7708] [--neo4j-home .neo4j/bench-draw-1] [--api-port 8708]

Its own Neo4j (127.0.0.1:7708, data in .neo4j/bench-draw-<scale>, seeded at `--scale` when
empty) and the API under uvicorn (127.0.0.1:8708), as bench/write_latency.py sets them up; the
page is `make web`'s build. For each run, a new browser context loads
`/explorer#view=neighbourhood&org=<the sample's Hengyuan Open University>` (the best connected
organisation) and then `/explorer#view=network` (the whole collaboration network), and the time
from navigation to the page saying it has drawn (`body[data-ready=true]`, nodes on the canvas)
is recorded. `--screenshot` also saves the docs' picture: the whole network, the sample
marked, with the legend and the "hide sample data" switch; `--progress-screenshot` the alliance's
progress page: its six tasks charted by year. `--runs 0` only takes the pictures. The Neo4j's
port and data directory and the API's port can be changed, e.g. to picture a test instance.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import statistics
import time
from pathlib import Path

import httpx
from playwright.async_api import Browser, FloatRect, Page, async_playwright
from tests.web.test_explorer import CHROMIUM, FLAGS

from bench import write_latency as setup
from ecosystem.settings import PROJECT_ROOT

ASSETS = PROJECT_ROOT / "web" / "dist" / "assets"
HUB = """{ search(text: "Hengyuan Open University", kinds: [ORGANISATION], first: 1) {
  node { id } } }"""


def bundle_kib() -> tuple[float, float]:
    """The explorer's JavaScript and CSS, raw and gzipped (KiB)."""
    files = [p for p in ASSETS.glob("explorer-*") if p.suffix in (".js", ".css")]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    return raw / 1024, packed / 1024


async def opened(browser: Browser, key: str, url: str) -> Page:
    """The page at `url`, as a secretariat user with `key` sees it."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1020})
    await context.add_init_script(f"sessionStorage.setItem('ecosystem.apiKey', {json.dumps(key)})")
    page = await context.new_page()
    await page.goto(url)
    return page


async def screenshot(base: str, fragment: str, key: str, path: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = await opened(browser, key, f"{base}/explorer#{fragment}")
        await page.wait_for_function(
            "document.body.dataset.ready === 'true' && window.__drawn > 1", timeout=120_000
        )
        await page.wait_for_timeout(1500)  # the layout settles
        await page.screenshot(path=path)
        await browser.close()


PROGRESS_DRAWN = """document.body.dataset.ready === 'true'
  && document.querySelectorAll('#progress-tasks [data-testid=progress-task] svg').length >= 6"""


async def progress_screenshot(base: str, key: str, path: str) -> None:
    """The alliance's progress page down to its six task cards (the tasks by year, in English)."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = await opened(browser, key, f"{base}/explorer#view=progress&lang=en")
        await page.wait_for_function(PROGRESS_DRAWN, timeout=120_000)
        bottom = await page.evaluate(
            "document.getElementById('progress-tasks').getBoundingClientRect().bottom"
        )
        clip: FloatRect = {"x": 0, "y": 0, "width": 1400, "height": bottom + 16}
        await page.screenshot(path=path, clip=clip, full_page=True)
        await browser.close()


async def draws(base: str, hashes: dict[str, str], runs: int, key: str) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in hashes}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for _ in range(runs):
            for name, fragment in hashes.items():
                context = await browser.new_context(viewport={"width": 1400, "height": 900})
                # A secretariat user: the key the page keeps in session storage.
                await context.add_init_script(
                    f"sessionStorage.setItem('ecosystem.apiKey', {json.dumps(key)})"
                )
                page = await context.new_page()
                started = time.perf_counter()
                await page.goto(f"{base}/explorer#{fragment}")
                await page.wait_for_function(
                    "document.body.dataset.ready === 'true' && window.__drawn > 1",
                    timeout=120_000,
                )
                timings[name].append((time.perf_counter() - started) * 1000)
                drawn = await page.evaluate("window.__drawn")
                timings.setdefault(f"{name} nodes", []).append(float(drawn))
                await context.close()
        await browser.close()
    return timings


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="0: only the pictures asked for.")
    parser.add_argument(
        "--screenshot", help="Also save the docs' picture here (docs/explorer.png)."
    )
    parser.add_argument(
        "--progress-screenshot",
        help="Also save the docs' picture of the progress page here (docs/progress.png).",
    )
    parser.add_argument("--neo4j-port", type=int, default=7708)
    parser.add_argument("--neo4j-home", help="Default: .neo4j/bench-draw-<scale>.")
    parser.add_argument("--api-port", type=int, default=8708)
    return parser.parse_args()


Timings = dict[str, list[float]]


def report(args: argparse.Namespace, hashes: dict[str, str], timings: Timings) -> None:
    raw, packed = bundle_kib()
    print(f"explorer bundle: {raw:,.0f} KiB, {packed:,.0f} KiB gzip (JS + CSS)")
    if not args.runs:
        return
    print(f"scale {args.scale}, {args.runs} runs, ms from navigation to a drawn network:")
    for name in hashes:
        kept, nodes = timings[name], timings[f"{name} nodes"]
        print(
            f"  {name:<14} median {statistics.median(kept):7.0f}  min {min(kept):7.0f}  "
            f"max {max(kept):7.0f}  ({nodes[-1]:.0f} nodes drawn)"
        )


def main() -> None:
    args = arguments()
    default_home = PROJECT_ROOT / ".neo4j" / f"bench-draw-{args.scale}"
    setup.HOME = Path(args.neo4j_home).resolve() if args.neo4j_home else default_home
    setup.SCALE = args.scale
    settings = setup.configure(args.neo4j_port, args.api_port)
    with setup.local_neo4j(settings, fresh=False), setup.api_server(settings) as url:
        base = url.removesuffix("/graphql")
        found = httpx.post(url, json={"query": HUB}, headers=setup.headers()).json()
        hub = found["data"]["search"][0]["node"]["id"]
        hashes = {"neighbourhood": f"view=neighbourhood&org={hub}", "network": "view=network"}
        key = setup.headers()["authorization"].removeprefix("Bearer ")
        timings = asyncio.run(draws(base, hashes, args.runs, key))
        if args.screenshot:
            asyncio.run(screenshot(base, "view=network&lang=en", key, args.screenshot))
        if args.progress_screenshot:
            asyncio.run(progress_screenshot(base, key, args.progress_screenshot))
    report(args, hashes, timings)


if __name__ == "__main__":
    main()
