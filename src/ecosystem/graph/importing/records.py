"""What an import reads: records in the layouts the exports write (node-link JSON and
neo4j-admin CSV), each remembering where it came from so a problem can name file, row and field.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecosystem.graph.export.writers import RESERVED

# neo4j-admin header kinds that are not properties.
_FIXED = frozenset(("ID", "LABEL", "TYPE", "START_ID", "END_ID"))


@dataclass(slots=True)
class Record:
    """One node or relationship to upsert. Mutable on purpose: checking replaces values with
    their stored form in place (a dict per row is the cost that matters at 200,000 rows)."""

    kind: str  # "node" or "relationship"
    type: str
    props: dict[str, Any]
    where: tuple[str, int]  # file (or input list) and row
    id: str | None = None  # global id in the file
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.field}: {self.message}"


def read(paths: Sequence[Path]) -> Iterator[Record]:
    for path in paths:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            yield from node_link(data, path.name, f"{path.name}#links")
        else:
            yield from _read_csv(path)


def node_link(
    data: Mapping[str, Any], nodes: str, links: str, first_row: int = 1
) -> Iterator[Record]:
    """Records of networkx's node-link layout, as `export --format json` writes it (provenance
    travels as `dataSource`, since `source` and `target` name a link's ends there). `nodes` and
    `links` name the two lists in problems."""
    for row, item in enumerate(data.get("nodes") or (), start=first_row):
        _object(item, nodes, row)
        props = {k: v for k, v in item.items() if k != "id" and k not in RESERVED}
        props["source"] = item.get("dataSource") or props.get("source")
        yield Record("node", str(item.get("nodeType")), props, (nodes, row), item.get("id"))
    skip = frozenset(("id", "key", "source", "target", *RESERVED))
    for row, item in enumerate(data.get("links") or (), start=first_row):
        _object(item, links, row)
        props = {k: v for k, v in item.items() if k not in skip}
        props["source"] = item.get("dataSource")
        yield Record(
            "relationship",
            str(item.get("relationshipType")),
            props,
            (links, row),
            item.get("id"),
            item.get("source"),
            item.get("target"),
        )


def _object(item: Any, name: str, row: int) -> None:
    if not isinstance(item, Mapping):
        raise ValueError(f"{name}:{row}: a record is a JSON object, not {type(item).__name__}")


def _read_csv(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.reader(file)
        header = next(rows)
        names = [h.split(":")[0] for h in header]
        kinds = [h.split(":")[1] if ":" in h else "" for h in header]
        props = [i for i, (n, k) in enumerate(zip(names, kinds, strict=True)) if k not in _FIXED]
        links = "START_ID" in kinds
        for index, row in enumerate(rows, start=2):
            values = {names[i]: _csv_value(kinds[i], row[i]) for i in props if row[i] != ""}
            global_id = values.pop("id", None)
            if links:
                yield Record(
                    "relationship",
                    row[kinds.index("TYPE")],
                    values,
                    (path.name, index),
                    global_id,
                    row[kinds.index("START_ID")],
                    row[kinds.index("END_ID")],
                )
            else:
                node_id = row[kinds.index("ID")]
                yield Record("node", row[kinds.index("LABEL")], values, (path.name, index), node_id)


def _csv_value(kind: str, text: str) -> Any:
    if kind.endswith("[]"):
        return text.split(";")
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text
