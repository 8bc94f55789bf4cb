"""The `ecosystem` command: serve, migrate, seed, schema, import, export, derive, keys, and the
local Neo4j."""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import logging.config
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import neo4j
import typer
import uvicorn
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from ecosystem import __version__, graph, logs, resources
from ecosystem.api.schema import build_schema
from ecosystem.derive_cli import derive
from ecosystem.documents_cli import documents_app
from ecosystem.domain import ECOSYSTEM
from ecosystem.graph import (
    ConstraintViolation,
    Database,
    DatabaseBusy,
    DatabaseUnavailable,
    Outdated,
)
from ecosystem.keys_cli import FIRST_KEY_HINT, has_admin, keys_app
from ecosystem.localdb import LocalNeo4j, LocalNeo4jError, State
from ecosystem.seeding import Plan
from ecosystem.settings import Settings

app = typer.Typer(
    help="GraphQL API over the domestic-services industry–education graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(
    help="The local Neo4j, a developer tool of the source checkout (loopback only; unused when "
    "NEO4J_URI is set).",
    no_args_is_help=True,
)


def _print_version(asked: bool) -> None:
    if asked:
        print(f"ecosystem {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """GraphQL API over the domestic-services industry–education graph."""


app.add_typer(neo4j_app, name="neo4j")
app.add_typer(keys_app, name="keys")
app.add_typer(documents_app, name="documents")
app.command("derive")(derive)
console = Console(stderr=True)
DOMAIN_MIGRATION = "0001_domain.cypher"


def _local(settings: Settings) -> LocalNeo4j:
    if not settings.uses_local_neo4j:
        console.print(
            f"[yellow]NEO4J_URI is set ({settings.neo4j_uri}): no local database is managed.[/]"
        )
        raise typer.Exit(0)
    return LocalNeo4j.from_settings(settings)


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/] {message}")
    return typer.Exit(1)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j and wait until it answers (a no-op when it runs)."""
    local = _local(Settings())
    started = time.perf_counter()
    try:
        if not local.start():
            console.print(f"Neo4j is already running (pid {local.status().pid}, {local.uri}).")
            return
    except LocalNeo4jError as error:
        raise _fail(str(error)) from None
    console.print(
        f"Neo4j started on {local.uri} in {time.perf_counter() - started:.1f}s "
        f"(pid {local.status().pid}, data in {local.home})."
    )


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j (a no-op when it is stopped)."""
    local = _local(Settings())
    if local.stop():
        console.print("Neo4j stopped.")
    else:
        console.print("Neo4j is not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs; exit 0 when it does, 3 when it does not."""
    status = _local(Settings()).status()
    if status.state is State.RUNNING:
        console.print(f"running: pid {status.pid}, bolt://127.0.0.1:{status.port}, {status.home}")
        return
    console.print(f"stopped ({status.home})")
    raise typer.Exit(3)


@app.command()
def migrate() -> None:
    """Apply pending migrations from schema/migrations (idempotent)."""
    settings = Settings()

    async def run() -> tuple[list[graph.migrations.Migration], list[int]]:
        db = Database(settings, batch=True)
        try:
            loaded = graph.migrations.load(settings.migrations_dir)
            applied = await graph.migrations.apply(db, loaded)
            return applied, graph.migrations.newer(await graph.migrations.recorded(db), loaded)
        finally:
            await db.close()

    try:
        applied, newer = asyncio.run(run())
    except DatabaseUnavailable as error:
        raise _fail(f"cannot reach Neo4j at {settings.bolt_uri}: {error}") from None
    except Outdated as error:
        raise _fail(str(error)) from None
    for migration in applied:
        console.print(f"applied {migration.version:04d}_{migration.name}")
    console.print("schema is current." if not applied else f"{len(applied)} migration(s) applied.")
    if newer:  # an older release started on a graph a newer one migrated (a rollback?)
        console.print(
            f"[yellow]warning:[/] the graph also has migration(s) {', '.join(map(str, newer))}, "
            "which this release does not know: it serves reads, and refuses writes that keep "
            "derived facts a newer way (UPGRADE_REQUIRED)."
        )


@app.command()
def serve(
    host: str | None = None,
    port: int | None = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default ECOSYSTEM_WORKERS).")
    ] = None,
) -> None:
    """Serve the API with uvicorn (host, port and workers default to the settings)."""
    settings = Settings()
    logging.config.dictConfig(logs.config(settings))
    _first_key_hint(settings)
    uvicorn.run(
        "ecosystem.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_level=settings.log_level,
        log_config=logs.config(settings),
        access_log=False,  # ecosystem.access logs each request, with more to say
        workers=workers or settings.workers,
        # On SIGTERM, requests in flight get this long to finish before the process exits.
        timeout_graceful_shutdown=settings.graceful_shutdown_s,
    )


def _first_key_hint(settings: Settings) -> None:
    """Until an admin key exists, say how to make one (every other key comes from it)."""

    async def check() -> bool:
        async with Database(settings) as db:
            return await has_admin(db)

    try:
        if asyncio.run(check()):
            return
    except (DatabaseUnavailable, neo4j.exceptions.Neo4jError):
        return  # a hint is no reason to fail: /ready says what is wrong with the database
    console.print(
        f"[yellow]No admin API key yet. Create the first one with:[/]\n  {FIRST_KEY_HINT}"
    )
    if settings.public_read:
        console.print("Requests without a key read public fields (ECOSYSTEM_PUBLIC_READ=true).")


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option(help="Folder to write into. Default: the checkout's schema/.")
    ] = None,
) -> None:
    """Write what the domain derives: schema.graphql and migrations/0001_domain.cypher."""
    if out is None:
        try:
            out = resources.checkout("`ecosystem schema` without --out") / "schema"
        except resources.NeedsCheckout as error:
            raise _fail(str(error)) from None
    for path, text in generated_files(out).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        console.print(f"wrote {path}")


def generated_files(folder: Path) -> dict[Path, str]:
    """The checked-in files derived from the domain, by path (a test compares them)."""
    return {
        folder / "schema.graphql": build_schema().as_str() + "\n",
        folder / "migrations" / DOMAIN_MIGRATION: graph.ddl.render(ECOSYSTEM),
    }


@app.command()
def seed(
    scale: Annotated[
        int, typer.Option(min=1, help="Copies of the synthetic sample; the real facts load once.")
    ] = 1,
    if_missing: Annotated[
        bool,
        typer.Option(
            "--if-missing",
            help="Seed only a graph that lacks this seed: its real facts or its sample.",
        ),
    ] = False,
) -> None:
    """Load the seed data: the sources' real facts plus a synthetic sample (idempotent)."""
    settings = Settings()
    plan = Plan(scale)

    async def run() -> tuple[graph.seed.LoadReport, graph.seed.Counts, graph.seed.Counts] | None:
        db = Database(settings, batch=True)
        try:
            if if_missing and await graph.seed.holds(db, plan):
                return None
            before = await graph.seed.counts(db)
            with _progress_bar(plan.nodes) as on_progress:
                report = await graph.seed.load(db, plan.datasets(), on_progress=on_progress)
            return report, before, await graph.seed.counts(db)
        finally:
            await db.close()

    try:
        outcome = asyncio.run(run())
    except DatabaseUnavailable as error:
        raise _fail(f"cannot reach Neo4j at {settings.bolt_uri}: {error}") from None
    except (graph.seed.SeedError, Outdated) as error:
        raise _fail(str(error)) from None
    if outcome is None:
        console.print("The graph already holds this seed: nothing seeded (--if-missing).")
        return
    report, before, after = outcome
    console.print(
        f"seeded {report.nodes:,} nodes and {report.relationships:,} relationships in "
        f"{report.seconds:.1f}s ({report.nodes_per_second:,.0f} nodes/s, "
        f"{report.relationships_per_second:,.0f} relationships/s); "
        f"{after.nodes - before.nodes:,} nodes and "
        f"{after.relationships - before.relationships:,} relationships are new; "
        f"the graph holds {after.nodes:,} nodes and {after.relationships:,} relationships."
    )


EXPORT_FILES = {
    "graphml": ("graphml",),
    "json": ("json",),
    "csv": ("csv-nodes", "csv-relationships"),
}
CSV_NAMES = {"csv-nodes": "nodes.csv", "csv-relationships": "relationships.csv"}


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="graphml, json or csv.")],
    out: Annotated[
        Path | None,
        typer.Option(
            help="File to write (a folder for csv: nodes.csv and relationships.csv). "
            "Default: standard output, or ./export for csv."
        ),
    ] = None,
    where: Annotated[
        str | None,
        typer.Option(
            help='Which part, as JSON: {"labels": ["Organisation", "Course"], '
            '"source": "synthetic", "derived": true} (derived: the derived facts too)'
        ),
    ] = None,
) -> None:
    """Stream the graph to GraphML, node-link JSON or neo4j-admin CSV, in bounded memory."""
    if format not in EXPORT_FILES:
        raise _fail("--format is graphml, json or csv")
    chosen = _export_filter(where)
    settings = Settings()
    targets = _export_targets(format, out)

    async def run() -> dict[graph.export.Kind, int]:
        db = Database(settings, batch=True)
        schema = graph.export.Schema.of(ECOSYSTEM, derived=chosen.derived)
        try:
            totals = await graph.export.count(db, ECOSYSTEM, chosen)
            with Progress(*_COLUMNS, console=console) as bar:
                for name, target in targets.items():
                    writer = graph.export.FORMATS[name]
                    task = bar.add_task(name, total=sum(totals[k] for k in writer.kinds))
                    rows = graph.export.items(db, ECOSYSTEM, chosen, writer.kinds)
                    await _write(
                        writer.chunks(_counted(rows, bar, task), schema),
                        target,
                    )
            return totals
        finally:
            await db.close()

    try:
        totals = asyncio.run(run())
    except DatabaseUnavailable as error:
        raise _fail(f"cannot reach Neo4j at {settings.bolt_uri}: {error}") from None
    where_to = ", ".join(str(t) for t in targets.values() if t is not None) or "standard output"
    console.print(
        f"exported {totals['node']:,} nodes and {totals['relationship']:,} "
        f"relationships to {where_to}"
    )


def _export_filter(where: str | None) -> graph.export.ExportFilter:
    try:
        given = json.loads(where) if where else {}
        labels = tuple(given.get("labels") or ())
        unknown = set(labels) - {n.label for n in ECOSYSTEM.nodes}
        if unknown or not isinstance(given, dict):
            raise ValueError(f"unknown node types {sorted(unknown)}")
        if not isinstance(derived := given.get("derived", False), bool):
            raise ValueError('"derived" is true or false')
        return graph.export.ExportFilter(labels, given.get("source"), derived=derived)
    except (ValueError, AttributeError) as error:
        raise _fail(f"--where: {error}") from None


def _export_targets(format: str, out: Path | None) -> dict[str, Path | None]:
    if format != "csv":
        return {format: out}
    folder = out or Path("export")
    folder.mkdir(parents=True, exist_ok=True)
    return {name: folder / CSV_NAMES[name] for name in EXPORT_FILES["csv"]}


async def _counted(
    rows: AsyncIterator[graph.export.Item], bar: Progress, task: TaskID
) -> AsyncIterator[graph.export.Item]:
    seen = 0
    async for row in rows:
        seen += 1
        if seen % 1000 == 0:  # a redraw per row would cost more than the row
            bar.advance(task, 1000)
        yield row
    bar.advance(task, seen % 1000)


async def _write(chunks: AsyncIterator[str], target: Path | None) -> None:
    if target is None:
        async for chunk in chunks:
            sys.stdout.write(chunk)
        return
    with target.open("w", encoding="utf-8", newline="") as file:
        async for chunk in chunks:
            file.write(chunk)


@app.command("import")
def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="JSON files (export's node-link layout) "
            "or CSV files (nodes.csv, relationships.csv)."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything, write nothing.")
    ] = False,
) -> None:
    """Load records all-or-nothing: every error is reported, with file, row and field."""
    settings = Settings()

    async def run() -> graph.importing.Outcome:
        db = Database(settings, batch=True)
        try:
            with Progress(*_COLUMNS, console=console, transient=True) as bar:
                task = bar.add_task("rows", total=None)
                return await graph.importing.run(
                    db,
                    ECOSYSTEM,
                    graph.importing.read(paths),
                    actor=f"cli:{getpass.getuser()}",
                    dry_run=dry_run,
                    timeout_s=settings.export_timeout_s,
                    on_progress=lambda n: bar.advance(task, n),
                )
        finally:
            await db.close()

    started = time.perf_counter()
    try:
        outcome = asyncio.run(run())
    except (
        DatabaseUnavailable,
        DatabaseBusy,
        LookupError,
        ConstraintViolation,
        Outdated,
        ValueError,
        neo4j.exceptions.Neo4jError,
        neo4j.exceptions.DriverError,
    ) as error:
        raise _fail(f"nothing was imported: {error}") from None
    for problem in outcome.problems:
        console.print(f"[red]{problem}[/]", highlight=False)
    if outcome.problems:
        raise _fail(f"{len(outcome.problems)} problem(s); nothing was imported")
    seconds = time.perf_counter() - started
    rows = f"{outcome.nodes:,} nodes and {outcome.relationships:,} relationships"
    if not outcome.written:
        console.print(f"dry run: {rows} are fine; nothing was written.")
        return
    console.print(f"imported {rows} in {seconds:.1f}s ({outcome.nodes / seconds:,.0f} nodes/s)")


class _Rate(ProgressColumn):
    """Rows per second of a task, whether or not its total is known."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} {task.description}/s" if speed else "")


_COLUMNS = (
    TextColumn("{task.description:>13}"),
    BarColumn(),
    MofNCompleteColumn(),
    _Rate(),
    TimeElapsedColumn(),
)


@contextmanager
def _progress_bar(nodes: int) -> Iterator[graph.seed.Progress]:
    """A bar for nodes (their number is known up front) and a counter for relationships."""
    with Progress(*_COLUMNS, console=console) as bar:
        tasks = {
            "nodes": bar.add_task("nodes", total=nodes),
            "relationships": bar.add_task("relationships", total=None),
        }
        yield lambda kind, rows: bar.advance(tasks[kind], rows)


def main() -> None:
    app()
