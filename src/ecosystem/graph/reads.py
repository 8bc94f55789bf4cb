"""Compiled reads: the one way a root field is answered, whoever asks for it.

The GraphQL resolvers and the repeat-query path both call `Reads.field`: check that the caller
may ask for this root field (a question may require a grant, as `changes` requires the audit
trail's), compile the field for the caller's eyes (cached per document), run its one statement
in a read transaction, and finish Neo4j's answer into the response. What the caller may not see
comes back null and is named in `masked`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode

from ecosystem.domain.access import Grant, Principal
from ecosystem.graph.access import require
from ecosystem.graph.compiler import Compiled, Compiler, Viewer
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.database import Database, DatabaseBusy
from ecosystem.graph.rows import DATA
from ecosystem.metrics import Metrics

Fragments = Mapping[str, FragmentDefinitionNode]


@dataclass(frozen=True)
class Answer:
    value: Any  # the response for the field, already complete (a chunked one as JSON text)
    masked: frozenset[str]  # `Type.field`s of private values returned as null


class OneRow:
    """The answer of a statement that returns one row (graph/rows.py): its `data`."""

    def __init__(self) -> None:
        self.data: Any = None

    def add(self, row: Mapping[str, Any]) -> None:
        self.data = row[DATA]

    def answer(self) -> Any:
        return self.data


class LargeAnswersBusy(DatabaseBusy):
    """A large answer waited for its turn (`LargeAnswers`) past its time; nothing ran."""

    told = (
        "Other large answers kept this one waiting past the query timeout. "
        "Send it again in a moment."
    )


class LargeAnswers:
    """At most `at_once` chunked answers built at a time by this process. Each holds its JSON
    text until it is sent (21 MB for the whole network at scale 500): sixteen clients asking
    for it at once took the process to 633 MiB, two at a time to 208, and were answered sooner
    (0.93 a second against 0.84 on two cores: Neo4j had the same work, split fewer ways;
    `python -m bench.large_answers`). One that waits longer than `wait_s` for its turn is
    `LargeAnswersBusy`."""

    def __init__(self, at_once: int, wait_s: float, metrics: Metrics | None = None) -> None:
        self.at_once = at_once
        self.wait_s = wait_s
        self._turns = asyncio.Semaphore(at_once)
        self._waits = metrics.large_answer_wait_seconds if metrics else None

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        began = time.perf_counter()
        try:
            async with asyncio.timeout(self.wait_s):
                await self._turns.acquire()
        except TimeoutError:
            raise LargeAnswersBusy(
                f"no turn for a large answer within {self.wait_s} s ({self.at_once} at once)"
            ) from None
        finally:
            if self._waits is not None:
                self._waits.observe(time.perf_counter() - began)
        try:
            yield
        finally:
            self._turns.release()


async def run_compiled(db: Database, compiled: Compiled, large: LargeAnswers) -> Any:
    """A compiled read's statement run and its answer finished: a chunked one in its turn
    (`large`) as its rows arrive (too large to hold whole), any other from its one row."""
    statement = compiled.statement
    if compiled.chunks is not None:
        async with large.turn():
            return await db.read_rows(statement.cypher, statement.bound(), compiled.chunks)
    data = await db.read_rows(statement.cypher, statement.bound(), OneRow)
    return compiled.finish(data)


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(
        principal.grant.private, principal.organisation, principal.role.value, principal.name
    )


class Reads:
    def __init__(self, db: Database, compiler: Compiler, large: LargeAnswers) -> None:
        self.db = db
        self.compiler = compiler
        self.large = large

    def compiles(self, root_field: str) -> bool:
        return self.compiler.compiles(root_field)

    def select(
        self, nodes: Iterable[FieldNode], fragments: Fragments, variables: Mapping[str, Any]
    ) -> Field:
        """One field's selection: fragments, directives and variables applied."""
        return self.compiler.select(nodes, fragments, variables)

    async def field(
        self,
        nodes: Iterable[FieldNode],
        fragments: Fragments,
        variables: Mapping[str, Any],
        principal: Principal,
    ) -> Answer:
        """The answer to one root field (`nodes`: its occurrences in the document)."""
        nodes = list(nodes)
        self.permit(nodes[0].name.value, principal)
        compiled = self.compiler.compile(nodes, fragments, variables, viewer_of(principal))
        return Answer(await run_compiled(self.db, compiled, self.large), compiled.masked)

    def permit(self, root_field: str, principal: Principal) -> None:
        """Forbidden unless the caller holds the grant the field requires, if any."""
        grant = self.compiler.requires(root_field)
        if grant is not None:
            require(principal, _granted(principal.grant, grant), f"ask for {root_field}")


def _granted(grant: Grant, name: str) -> bool:
    return getattr(grant, name) is True
