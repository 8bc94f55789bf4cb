"""`ecosystem derive`: rebuild the derived facts from the base facts, or check them.

`--check` recomputes every derived fact read-only and lists each difference (exit 1 on any);
`--rebuild` replaces them all (run it while nothing else writes, as `ecosystem migrate` does).
Both are batch work on the whole graph (a batch `Database`): each statement may take as long
as an export's (`ECOSYSTEM_EXPORT_TIMEOUT_S`), not an API request's 10 s (a check at national
scale reads 60,000 pairs of one organisation in one go).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from neo4j.exceptions import Neo4jError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ecosystem import graph
from ecosystem.graph import Database, DatabaseUnavailable, Outdated
from ecosystem.settings import Settings

T = TypeVar("T")
console = Console(stderr=True)
Work = Callable[[Database, graph.derived.Progress], Awaitable[T]]


def _with_progress(work: Work[T], label: str) -> T:
    settings = Settings()

    async def run() -> T:
        async with Database(settings, batch=True) as db:
            total = await graph.derived.objects(db)
            columns = (TextColumn(f"{label:>10}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.description}"), TimeElapsedColumn())  # fmt: skip
            with Progress(*columns, console=console) as bar:
                task = bar.add_task("", total=total)
                return await work(
                    db, lambda kind, rows: bar.update(task, advance=rows, description=kind)
                )

    try:
        return asyncio.run(run())
    except DatabaseUnavailable as error:
        console.print(f"[red]error:[/] cannot reach Neo4j at {settings.bolt_uri}: {error}")
        raise typer.Exit(1) from None
    except Outdated as error:  # a graph a newer release migrated: nothing written
        console.print(f"[red]error:[/] {error}")
        raise typer.Exit(1) from None
    except Neo4jError as error:  # a timeout, a lock: one line, not a traceback
        console.print(f"[red]error:[/] Neo4j stopped the work: {error.code}: {error.message}")
        raise typer.Exit(1) from None


def derive(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Replace every derived fact.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Recompute read-only; list every difference.")
    ] = False,
) -> None:
    """Rebuild (--rebuild) or check (--check) the derived facts the questions read."""
    if rebuild == check:
        console.print("[red]error:[/] say --rebuild or --check")
        raise typer.Exit(2)
    if rebuild:
        objects = _with_progress(graph.derived.rebuild, "rebuilding")
        console.print(f"derived facts rebuilt from {objects:,} objects.")
        return
    differences = _with_progress(graph.derived.check, "checking")
    for line in differences:
        typer.echo(line)
    console.print(f"{len(differences)} difference(s).")
    if differences:
        raise typer.Exit(1)
