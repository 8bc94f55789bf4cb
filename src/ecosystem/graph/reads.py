"""Compiled reads: the one way a root field is answered, whoever asks for it.

The GraphQL resolvers and the repeat-query path both call `Reads.field`: check that the caller
may ask for this root field (a question may require a grant, as `changes` requires the audit
trail's), compile the field for the caller's eyes (cached per document), run its one statement
in a read transaction, and finish Neo4j's answer into the response. What the caller may not see
comes back null and is named in `masked`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode

from ecosystem.domain.access import Grant, Principal
from ecosystem.graph.access import require
from ecosystem.graph.compiler import Compiled, Compiler, Viewer
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.database import Database
from ecosystem.graph.rows import DATA

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


async def run_compiled(db: Database, compiled: Compiled) -> Any:
    """A compiled read's statement run and its answer finished: a chunked one as its rows
    arrive (too large to hold whole), any other from its one row."""
    statement = compiled.statement
    if compiled.chunks is not None:
        return await db.read_rows(statement.cypher, statement.bound(), compiled.chunks)
    data = await db.read_rows(statement.cypher, statement.bound(), OneRow)
    return compiled.finish(data)


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(
        principal.grant.private, principal.organisation, principal.role.value, principal.name
    )


class Reads:
    def __init__(self, db: Database, compiler: Compiler) -> None:
        self.db = db
        self.compiler = compiler

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
        return Answer(await run_compiled(self.db, compiled), compiled.masked)

    def permit(self, root_field: str, principal: Principal) -> None:
        """Forbidden unless the caller holds the grant the field requires, if any."""
        grant = self.compiler.requires(root_field)
        if grant is not None:
            require(principal, _granted(principal.grant, grant), f"ask for {root_field}")


def _granted(grant: Grant, name: str) -> bool:
    return getattr(grant, name) is True
