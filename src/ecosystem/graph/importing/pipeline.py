"""An import as one pass: read, check and write in batches, in one transaction.

Records are checked as they are read; node batches are written while the next batch is read
and checked in a thread, so Python and Neo4j work at the same time. At the first problem
writing stops, checking goes on (every problem is reported), and the transaction is rolled
back: an import lands whole or not at all, and so does a killed process or a stopped server.
Relationships wait until every node is written, since they may name nodes of any file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncTransaction
from neo4j.exceptions import ConstraintError

from ecosystem.domain import Domain
from ecosystem.graph.database import Database, translated
from ecosystem.graph.errors import violation
from ecosystem.graph.importing.checks import check
from ecosystem.graph.importing.load import Loader, Read, missing_ends, node_rows
from ecosystem.graph.importing.records import Problem, Record
from ecosystem.graph.prefetch import prefetched

BATCH = 10_000


@dataclass
class Outcome:
    nodes: int = 0
    relationships: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False  # committed (not a dry run, no problem)


@dataclass
class _Pass:
    """What the checking pass keeps: problems, relationships for later, node ids seen."""

    domain: Domain
    source: str  # provenance of records that name none
    problems: list[Problem] = field(default_factory=list)
    relationships: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    node_ids: set[str] = field(default_factory=set)

    def node_batches(self, records: Iterable[Record], size: int) -> Iterator[tuple[str, list[Any]]]:
        pending: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            problems = check(record, self.domain)
            if problems:
                self.problems.extend(problems)
                continue
            if record.props.get("source") is None:
                record.props["source"] = self.source
            if record.kind == "relationship":
                self.relationships[record.type].append(record)
            else:
                if record.id:
                    self.node_ids.add(record.id)
                batch = pending[record.type]
                batch.append(record)
                if len(batch) == size:
                    yield record.type, node_rows(pending.pop(record.type))
        for type_name, batch in pending.items():
            yield type_name, node_rows(batch)


async def run(
    db: Database,
    domain: Domain,
    records: Iterable[Record],
    *,
    actor: str,
    role: str = "cli",
    dry_run: bool,
    timeout_s: float,
    on_progress: Callable[[int], None] = lambda _: None,
    batch: int = BATCH,
) -> Outcome:
    """Check (and unless `dry_run`, write) `records`; every problem is in the outcome."""
    with translated():
        async with db.driver.session(database=db.database) as session:
            tx = None if dry_run else await session.begin_transaction(timeout=timeout_s)
            loader = Loader(tx, domain) if tx else None
            if loader is not None:
                await loader.begin()
            work = _Import(db, loader, _Pass(domain, f"import:{actor}"), on_progress, batch)
            try:
                outcome = await work.run(records)
                if tx is not None and loader is not None and not outcome.problems:
                    await loader.finish()
                    await loader.audit(actor, role, outcome.nodes, outcome.relationships)
                    await tx.commit()
                    outcome.written = True
            except ConstraintError as error:
                raise violation(error.message) from error
            finally:
                if tx is not None and not tx.closed():
                    await tx.rollback()
    return outcome


@dataclass
class _Import:
    db: Database
    loader: Loader | None  # None: a dry run
    checking: _Pass
    on_progress: Callable[[int], None]
    batch: int
    outcome: Outcome = field(default_factory=Outcome)

    async def run(self, records: Iterable[Record]) -> Outcome:
        await self.nodes(records)
        await self.relationships()
        return self.outcome

    @property
    def writing(self) -> bool:
        return self.loader is not None and not self.checking.problems

    async def nodes(self, records: Iterable[Record]) -> None:
        async for type_name, rows in prefetched(self.checking.node_batches(records, self.batch)):
            if self.loader is not None and self.writing:
                await self.loader.nodes(type_name, rows)
            self.outcome.nodes += len(rows)
            self.on_progress(len(rows))

    async def relationships(self) -> None:
        checking, loader = self.checking, self.loader
        groups = checking.relationships
        # Inside the import's transaction, the ends it wrote are there to be found.
        read = self.db.read if loader is None else _reader(loader.tx)
        everything = [r for group in groups.values() for r in group]
        checking.problems.extend(
            await missing_ends(checking.domain, everything, checking.node_ids, read)
        )
        self.outcome.problems = checking.problems
        for type_name, group in groups.items():
            for start in range(0, len(group), self.batch):
                part = group[start : start + self.batch]
                if loader is not None and self.writing:
                    await loader.relationships(checking.domain.relationship(type_name), part)
                self.outcome.relationships += len(part)
                self.on_progress(len(part))


def _reader(tx: AsyncTransaction) -> Read:
    async def read(cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await (await tx.run(cypher, params)).data()

    return read
