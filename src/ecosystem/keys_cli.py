"""`ecosystem keys`: create, list and revoke API keys (the key is shown once, at creation)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from redis.exceptions import RedisError
from rich.table import Table

from ecosystem import graph
from ecosystem.commands import console, fail, print_table, with_database
from ecosystem.domain.access import Role
from ecosystem.graph import BadInput, ConstraintViolation, Database, NotFound
from ecosystem.settings import Settings
from ecosystem.shared_state import SharedState

keys_app = typer.Typer(help="API keys: each has a name, a role and, for partners, an organisation.")
FIRST_KEY_HINT = "ecosystem keys create --name admin --role admin"


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Option(help="Who holds the key (unique), e.g. acme-portal.")],
    role: Annotated[Role, typer.Option(help="What the key may do (see docs/roles-and-keys.md).")],
    organisation: Annotated[
        str | None, typer.Option(help="A partner's organisation id (Organisation:<uuid>).")
    ] = None,
) -> None:
    """Create a key and print it once: only its hash is stored."""
    if role is Role.ANONYMOUS:
        raise fail("anonymous is what a request without a key is; choose another role")
    raw = _organisation(role, organisation)

    async def work(db: Database) -> str:
        try:
            if raw is not None:
                await graph.keys.check_organisation(db, raw)
            return await graph.keys.create(db, name, role.value, raw)
        except (NotFound, ConstraintViolation) as refused:
            raise fail(str(refused)) from None

    key = with_database(work)
    console.print(f"created the {role} key {name!r}; it is shown only now:")
    print(key)  # stdout, so it can be captured


def _organisation(role: Role, organisation: str | None) -> str | None:
    if role is not Role.PARTNER:
        if organisation is not None:
            raise fail("only partner keys belong to an organisation")
        return None
    try:
        return graph.ids.raw(organisation, "Organisation", ("--organisation",))
    except BadInput:
        raise fail("a partner key needs --organisation Organisation:<uuid>") from None


@keys_app.command("list")
def list_() -> None:
    """Every key: name, role, organisation, when made and revoked (never the key)."""
    stored = with_database(graph.keys.listing)
    table = Table("name", "role", "organisation", "starts with", "created", "revoked")
    for key in stored:
        org = f"Organisation:{key.organisation}" if key.organisation else ""
        when = (key.created_at or "")[:16], (key.revoked_at or "")[:16]
        table.add_row(key.name, key.role, org, key.hint + "…", *when)
    print_table(table)


@keys_app.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key; requests with it are refused within a second with ECOSYSTEM_REDIS_URL,
    else within `ECOSYSTEM_KEY_CACHE_S` seconds."""
    if not with_database(lambda db: graph.keys.revoke(db, name)):
        raise fail(f"no live key is named {name!r}")
    console.print(f"revoked {name!r}")
    _tell_instances(name)


def _tell_instances(name: str) -> None:
    """Through Redis, every API instance drops the key from its cache at once."""
    settings = Settings()

    async def tell() -> int | None:
        shared = SharedState.from_settings(settings)
        try:
            return await shared.revoked(name)
        finally:
            await shared.close()

    try:
        told = asyncio.run(tell())
    except (RedisError, OSError) as error:  # the revocation stands; only the news is slower
        console.print(
            f"[yellow]warning:[/] could not tell the API instances through Redis ({error}): "
            f"they refuse the key within ECOSYSTEM_KEY_CACHE_S ({settings.key_cache_s:g} s)"
        )
        return
    if told is not None:
        console.print(f"told the API instances listening on Redis ({told})")


async def has_admin(db: Database) -> bool:
    return any(k.role == Role.ADMIN and k.revoked_at is None for k in await graph.keys.listing(db))
