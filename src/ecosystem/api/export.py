"""`GET /export/{format}`: the graph streamed as GraphML, JSON or neo4j-admin CSV."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from ecosystem import graph
from ecosystem.api.errors import ErrorCode
from ecosystem.domain import ECOSYSTEM
from ecosystem.domain.access import Principal
from ecosystem.graph import Database, DatabaseUnavailable

NAMES = {"graphml": "graphml", "json": "json", "csv": "csv-nodes"}
FILES = {
    "graphml": "ecosystem.graphml",
    "json": "ecosystem.json",
    "csv-nodes": "nodes.csv",
    "csv-relationships": "relationships.csv",
}


def _refuse(status: int, code: ErrorCode, message: str) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code.value}}]}, status_code=status
    )


async def export(request: Request) -> Response:
    name = NAMES.get(request.path_params["format"])
    if name and request.query_params.get("part") == "relationships" and name == "csv-nodes":
        name = "csv-relationships"
    if name is None:
        return _refuse(404, ErrorCode.NOT_FOUND, "export formats: graphml, json, csv")
    labels = tuple(filter(None, request.query_params.get("labels", "").split(",")))
    unknown = [label for label in labels if label not in {n.label for n in ECOSYSTEM.nodes}]
    if unknown:
        return _refuse(400, ErrorCode.BAD_INPUT, f"unknown node types: {', '.join(unknown)}")
    derived = request.query_params.get("derived", "false")
    if derived not in ("true", "false"):
        return _refuse(400, ErrorCode.BAD_INPUT, "derived is true or false")
    principal: Principal = request.scope["state"]["principal"]  # set by AuthMiddleware
    if not principal.grant.export:
        return _refuse(403, ErrorCode.FORBIDDEN, f"the {principal.role} role may not export")
    private = principal.grant.private == "all"
    chosen = graph.export.ExportFilter(
        labels, request.query_params.get("source"), private, derived == "true"
    )
    db: Database = request.app.state.db
    try:
        totals = await graph.export.count(
            db, ECOSYSTEM, chosen
        )  # fails fast, before any byte is sent
    except DatabaseUnavailable:
        return _refuse(503, ErrorCode.DATABASE_UNAVAILABLE, "The database is unavailable.")
    writer = graph.export.FORMATS[name]
    schema = graph.export.Schema.of(ECOSYSTEM, private, chosen.derived)
    stream = writer.chunks(graph.export.items(db, ECOSYSTEM, chosen, writer.kinds), schema)
    headers = {
        "content-disposition": f'attachment; filename="{FILES[name]}"',
        "x-export-nodes": str(totals["node"]),
        "x-export-relationships": str(totals["relationship"]),
    }
    return StreamingResponse(stream, media_type=writer.media_type, headers=headers)
