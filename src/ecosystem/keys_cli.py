"""`ecosystem keys`: create, list and revoke API keys (the key is shown once, at creation)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from ecosystem import graph
from ecosystem.domain.access import Role
from ecosystem.graph import BadInput, ConstraintViolation, Database, DatabaseUnavailable, NotFound
from ecosystem.settings import Settings

T = TypeVar("T")
keys_app = typer.Typer(help="API keys: each has a name, a role and, for partners, an organisation.")
console = Console(stderr=True)
FIRST_KEY_HINT = "ecosystem keys create --name admin --role admin"


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    settings = Settings()

    async def run() -> T:
        async with Database(settings) as db:
            return await work(db)

    try:
        return asyncio.run(run())
    except DatabaseUnavailable as error:
        console.print(f"[red]error:[/] cannot reach Neo4j at {settings.bolt_uri}: {error}")
        raise typer.Exit(1) from None


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Option(help="Who holds the key (unique), e.g. acme-portal.")],
    role: Annotated[Role, typer.Option(help="What the key may do (see README: Roles).")],
    organisation: Annotated[
        str | None, typer.Option(help="A partner's organisation id (Organisation:<uuid>).")
    ] = None,
) -> None:
    """Create a key and print it once: only its hash is stored."""
    if role is Role.ANONYMOUS:
        raise _fail("anonymous is what a request without a key is; choose another role")
    raw = _organisation(role, organisation)

    async def work(db: Database) -> str:
        try:
            if raw is not None:
                await graph.keys.check_organisation(db, raw)
            return await graph.keys.create(db, name, role.value, raw)
        except (NotFound, ConstraintViolation) as refused:
            raise _fail(str(refused)) from None

    key = _run(work)
    console.print(f"created the {role} key {name!r}; it is shown only now:")
    print(key)  # stdout, so it can be captured


def _organisation(role: Role, organisation: str | None) -> str | None:
    if role is not Role.PARTNER:
        if organisation is not None:
            raise _fail("only partner keys belong to an organisation")
        return None
    try:
        return graph.ids.raw(organisation, "Organisation", ("--organisation",))
    except BadInput:
        raise _fail("a partner key needs --organisation Organisation:<uuid>") from None


@keys_app.command("list")
def list_() -> None:
    """Every key: name, role, organisation, when made and revoked (never the key)."""
    stored = _run(graph.keys.listing)
    table = Table("name", "role", "organisation", "starts with", "created", "revoked")
    for key in stored:
        org = f"Organisation:{key.organisation}" if key.organisation else ""
        when = (key.created_at or "")[:16], (key.revoked_at or "")[:16]
        table.add_row(key.name, key.role, org, key.hint + "…", *when)
    # Piped output is read by scripts: no terminal width to squeeze the table into.
    Console(width=None if sys.stdout.isatty() else 200).print(table)


@keys_app.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key; requests with it are refused within `ECOSYSTEM_KEY_CACHE_S` seconds."""
    if not _run(lambda db: graph.keys.revoke(db, name)):
        raise _fail(f"no live key is named {name!r}")
    console.print(f"revoked {name!r}")


async def has_admin(db: Database) -> bool:
    return any(k.role == Role.ADMIN and k.revoked_at is None for k in await graph.keys.listing(db))


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/] {message}")
    return typer.Exit(1)
