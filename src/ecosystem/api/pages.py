"""The pages the API serves itself, from `web/dist` (built by `make`, and shipped inside the
wheel: `resources.WEB_DIST`): the explorer at `/explorer`, GraphiQL on `GET /graphql` from a
browser, and their assets under `/ui/`.

Nothing comes from a CDN: many users are in mainland China, where public CDNs are slow or
blocked. Without a build the pages answer 503 with the command that makes one.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ecosystem.resources import WEB_DIST as DIST
from ecosystem.settings import Settings


def page(name: str) -> Response:
    index = DIST / name / "index.html"
    if not index.is_file():
        body = {
            "errors": [
                {
                    "message": f"the {name} page is not built: run `make web` (or `make run`)",
                    "extensions": {"code": "NOT_BUILT"},
                }
            ]
        }
        return JSONResponse(body, status_code=503)
    # The page names its hashed assets: it must never be cached past a rebuild.
    return FileResponse(index, headers={"cache-control": "no-cache"})


async def explorer(request: Request) -> Response:
    return page("explorer")


def defaults(settings: Settings) -> Route:
    """What the explorer shows before its switches are touched: the service's defaults."""

    async def answer(request: Request) -> Response:
        return JSONResponse({"includeSample": settings.include_sample})

    return Route("/explorer/defaults.json", answer, methods=["GET"])


def routes(settings: Settings, dist: Path = DIST) -> list[Route | Mount]:
    return [
        Route("/explorer", explorer, methods=["GET"]),
        defaults(settings),
        # Hashed file names: safe to cache; a missing folder is checked per request, not here.
        Mount("/ui", app=StaticFiles(directory=dist, check_dir=False), name="ui"),
    ]
