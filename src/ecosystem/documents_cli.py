"""`ecosystem documents`: register, list and remove trusted documents (api/documents.py).

`add` takes the files clients already produce: `.graphql` files (one document each, with its
fragments) and JSON manifests — a map of id to document (graphql-codegen's persisted
documents, Relay) or Apollo's persisted query manifest. Every document must run against the
schema with every limit a request meets, and a given id must be the SHA-256 of its text; else
nothing is registered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from graphql import specified_rules
from rich.table import Table

from ecosystem import graph
from ecosystem.api import validation
from ecosystem.api.documents import PREFIX, normalised_id, operation_names
from ecosystem.api.errors import EcosystemError
from ecosystem.api.schema import build_schema
from ecosystem.commands import console, fail, print_table, with_database
from ecosystem.settings import Settings

documents_app = typer.Typer(
    help="Trusted documents: operations clients send by id (ECOSYSTEM_TRUSTED_DOCUMENTS)."
)


@documents_app.command("add")
def add(
    files: Annotated[
        list[Path],
        typer.Argument(help=".graphql files or JSON manifests (id → document, or Apollo's)."),
    ],
) -> None:
    """Register documents (all or none); prints each id as `sha256:<hex>`."""
    found = [entry for path in files for entry in _entries(path)]
    settings = Settings()
    schema = build_schema(settings=settings)._schema
    rules = (*specified_rules, *validation.validation_rules(settings))
    documents: dict[str, list[str]] = {}
    problems = []
    for origin, text in found:
        try:
            documents[text] = operation_names(text, schema, rules)
        except ValueError as error:
            problems.append(f"{origin}: {error}")
    if problems:
        raise fail("nothing registered:\n  " + "\n  ".join(problems))
    new = set(with_database(lambda db: graph.documents.add(db, documents)))
    for text, names in documents.items():
        id_ = graph.documents.document_id(text)
        state = "added" if id_ in new else "known"
        print(f"{PREFIX}{id_}\t{state}\t{', '.join(names) or '(anonymous)'}")


@documents_app.command("list")
def list_() -> None:
    """Every registered document: id, operations, when added."""
    table = Table("id", "operations", "added")
    for stored in with_database(graph.documents.listing):
        table.add_row(PREFIX + stored.id, ", ".join(stored.operations), stored.added_at[:16])
    print_table(table)


@documents_app.command("remove")
def remove(document_id: Annotated[str, typer.Argument(help="sha256:<hex>")]) -> None:
    """Remove a document: clients sending its id get PERSISTED_QUERY_NOT_FOUND (other
    instances may run it until they restart: a registered document never changes)."""
    try:
        id_ = normalised_id(document_id)
    except EcosystemError as refused:
        raise fail(str(refused)) from None
    if not with_database(lambda db: graph.documents.remove(db, id_)):
        raise fail(f"no registered document has the id {PREFIX}{id_}")
    console.print(f"removed {PREFIX}{id_}")


def _entries(path: Path) -> list[tuple[str, str]]:
    """(where it came from, text) of each document in a file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise fail(f"{path}: {error.strerror}") from None
    if path.suffix != ".json":
        return [(str(path), text)]
    try:
        manifest = json.loads(text)
    except ValueError as error:
        raise fail(f"{path}: not JSON ({error})") from None
    return [(f"{path} {id_}", _checked(path, id_, body)) for id_, body in _pairs(path, manifest)]


def _pairs(path: Path, manifest: Any) -> list[tuple[str, Any]]:
    if isinstance(manifest, dict) and isinstance(manifest.get("operations"), list):
        return [(o.get("id", ""), o.get("body")) for o in manifest["operations"]]  # Apollo's
    if isinstance(manifest, dict):
        return list(manifest.items())
    raise fail(f"{path}: expected a map of id to document, or Apollo's manifest")


def _checked(path: Path, id_: str, body: Any) -> str:
    if not isinstance(body, str):
        raise fail(f"{path} {id_}: the document is not a string")
    try:
        given = normalised_id(id_)
    except EcosystemError:
        raise fail(f"{path} {id_}: ids are the SHA-256 of the document (sha256:<hex>)") from None
    if given != graph.documents.document_id(body):
        raise fail(f"{path} {id_}: not the SHA-256 of its document")
    return body
