"""GraphQL in, Cypher and parameters out — no database (the TCK style of @neo4j/graphql)."""

from __future__ import annotations

from functools import cache
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, parse, validate

from ecosystem.api.execution import plain_variables
from ecosystem.api.schema import Schema, build_schema, possible_types
from ecosystem.domain import ECOSYSTEM
from ecosystem.graph.compiler import Compiled, Compiler
from ecosystem.graph.questions import QUESTIONS
from ecosystem.limits import Bounds, Limits


@cache
def schema() -> Schema:
    return build_schema()


def compiler(max_first: int = 100, default_first: int = 20) -> Compiler:
    limits = Limits(page=Bounds(default_first, max_first))
    return Compiler(ECOSYSTEM, limits, possible_types(schema()), questions=QUESTIONS)


def translate(
    query: str, variables: dict[str, Any] | None = None, using: Compiler | None = None
) -> dict[str, Compiled]:
    """Each compiled root field of `query`, by response key."""
    document = parse(query)
    errors = validate(schema()._schema, document)
    assert not errors, errors
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = using or compiler()
    compiled = {}
    for selection in operation.selection_set.selections:
        assert isinstance(selection, FieldNode)
        key = selection.alias.value if selection.alias else selection.name.value
        if chosen.compiles(selection.name.value):
            compiled[key] = chosen.compile([selection], fragments, plain_variables(variables or {}))
    return compiled


def cypher(query: str, variables: dict[str, Any] | None = None) -> str:
    (only,) = translate(query, variables).values()
    return only.statement.cypher
