"""Exports as text chunks: GraphML (typed keys), CSV in neo4j-admin's layout, node-link JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any, Protocol
from xml.sax.saxutils import escape, quoteattr

from neo4j.time import Date, DateTime

from ecosystem.domain import Scalar
from ecosystem.graph.export.source import Item, Kind, Schema

_GRAPHML_TYPES = {Scalar.INT: "long", Scalar.FLOAT: "double", Scalar.BOOLEAN: "boolean"}
_ADMIN_TYPES = {
    Scalar.INT: "long",
    Scalar.FLOAT: "double",
    Scalar.BOOLEAN: "boolean",
    Scalar.DATE: "date",
    Scalar.DATETIME: "datetime",
}


def plain(value: Any) -> Any:
    """A stored value as JSON-ready data (dates as ISO 8601 text)."""
    if isinstance(value, Date | DateTime):
        return value.iso_format()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class Format(Protocol):
    media_type: str
    kinds: tuple[Kind, ...]  # what it reads

    def chunks(self, items: AsyncIterator[Item], schema: Schema) -> AsyncIterator[str]: ...


class GraphML:
    media_type = "application/graphml+xml"
    kinds: tuple[Kind, ...] = ("node", "relationship")

    async def chunks(self, items: AsyncIterator[Item], schema: Schema) -> AsyncIterator[str]:
        yield self._header(schema)
        async for item in items:
            yield self._element(item)
        yield "</graph>\n</graphml>\n"

    def _header(self, schema: Schema) -> str:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
            '<key id="n_nodeType" for="node" attr.name="nodeType" attr.type="string"/>',
            '<key id="e_relationshipType" for="edge" attr.name="relationshipType" '
            'attr.type="string"/>',
        ]
        for prefix, target, props in (
            ("n", "node", schema.node),
            ("e", "edge", schema.relationship),
        ):
            for name, kind in props.items():
                graphml = (
                    _GRAPHML_TYPES.get(kind, "string") if isinstance(kind, Scalar) else "string"
                )
                lines.append(
                    f'<key id="{prefix}_{name}" for="{target}" attr.name="{name}" '
                    f'attr.type="{graphml}"/>'
                )
        lines.append('<graph id="ecosystem" edgedefault="directed">')
        return "\n".join(lines) + "\n"

    def _element(self, item: Item) -> str:
        prefix = "n" if item.kind == "node" else "e"
        kind = "n_nodeType" if item.kind == "node" else "e_relationshipType"
        data = [f'<data key="{kind}">{escape(item.type)}</data>']
        for name, value in item.properties.items():
            data.append(f'<data key="{prefix}_{name}">{escape(_graphml_value(value))}</data>')
        if item.kind == "node":
            return f"<node id={quoteattr(item.id)}>{''.join(data)}</node>\n"
        return (
            f"<edge id={quoteattr(item.id)} source={quoteattr(str(item.start))} "
            f"target={quoteattr(str(item.end))}>{''.join(data)}</edge>\n"
        )


def _graphml_value(value: Any) -> str:
    value = plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# Names the exports add to each element; no domain property may take them (tests/domain).
RESERVED = ("nodeType", "relationshipType", "dataSource")


class NodeLinkJSON:
    """networkx's node-link layout: `{"directed", "multigraph", "graph", "nodes", "links"}`.

    `source` and `target` name a link's ends there, so the provenance property `source` is
    written as `dataSource` (on nodes too, for one spelling)."""

    media_type = "application/json"
    kinds: tuple[Kind, ...] = ("node", "relationship")

    async def chunks(self, items: AsyncIterator[Item], schema: Schema) -> AsyncIterator[str]:
        yield '{"directed": true, "multigraph": true, "graph": {}, "nodes": ['
        section, first = "node", True
        async for item in items:
            if item.kind != section:
                yield '], "links": ['
                section, first = item.kind, True
            props = {name: plain(value) for name, value in item.properties.items()}
            props["dataSource"] = props.pop("source", None)
            kind = "nodeType" if item.kind == "node" else "relationshipType"
            record = {"id": item.id, kind: item.type, **props}
            if item.kind == "relationship":
                record.update(source=item.start, target=item.end, key=item.id)
            yield ("" if first else ", ") + json.dumps(record, ensure_ascii=False)
            first = False
        yield ("]}" if section == "relationship" else '], "links": []}') + "\n"


class AdminCSV:
    """One of the two files `neo4j-admin database import` reads: nodes or relationships."""

    media_type = "text/csv"

    def __init__(self, part: Kind) -> None:
        self.part = part
        self.kinds: tuple[Kind, ...] = (part,)

    async def chunks(self, items: AsyncIterator[Item], schema: Schema) -> AsyncIterator[str]:
        props = schema.node if self.part == "node" else schema.relationship
        fixed = (
            ["id:ID", ":LABEL"] if self.part == "node" else [":START_ID", ":END_ID", ":TYPE", "id"]
        )
        yield self._row([*fixed, *(_admin_header(n, k) for n, k in props.items())])
        async for item in items:
            head = (
                [item.id, item.type]
                if self.part == "node"
                else [item.start, item.end, item.type, item.id]
            )
            yield self._row([*head, *(_admin_value(item.properties.get(n)) for n in props)])

    @staticmethod
    def _row(values: list[Any]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(values)
        return buffer.getvalue()


def _admin_header(name: str, kind: Scalar | str) -> str:
    if isinstance(kind, str):  # a list: `string[]` and the like, `;`-separated
        base = Scalar(kind.removesuffix("[]"))
        return f"{name}:{_ADMIN_TYPES.get(base, 'string')}[]"
    admin = _ADMIN_TYPES.get(kind)
    return f"{name}:{admin}" if admin else name


def _admin_value(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


FORMATS: dict[str, Format] = {
    "graphml": GraphML(),
    "json": NodeLinkJSON(),
    "csv-nodes": AdminCSV("node"),
    "csv-relationships": AdminCSV("relationship"),
}
