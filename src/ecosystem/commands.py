"""What the `ecosystem` sub-commands share: one database call from a synchronous command, a
failure said in red with exit status 1, and tables on standard output."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table

from ecosystem.graph import Database, DatabaseUnavailable
from ecosystem.settings import Settings

T = TypeVar("T")
console = Console(stderr=True)


def with_database(work: Callable[[Database], Awaitable[T]]) -> T:
    """`work` on a database opened from the settings; exit 1 when Neo4j cannot be reached."""
    settings = Settings()

    async def run() -> T:
        async with Database(settings) as db:
            return await work(db)

    try:
        return asyncio.run(run())
    except DatabaseUnavailable as error:
        console.print(f"[red]error:[/] cannot reach Neo4j at {settings.bolt_uri}: {error}")
        raise typer.Exit(1) from None


def fail(message: str) -> typer.Exit:
    """The exit to raise after saying what went wrong."""
    console.print(f"[red]error:[/] {message}")
    return typer.Exit(1)


def print_table(table: Table) -> None:
    """A table on standard output; piped, it is read by scripts, so no terminal width applies."""
    Console(width=None if sys.stdout.isatty() else 200).print(table)
