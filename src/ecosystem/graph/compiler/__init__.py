"""The GraphQL-to-Cypher compiler: selection → plan → one Cypher statement → shaped result.

selection.py  graphql-core AST → tree of selected fields (fragments, directives, aliases)
build.py      selection + domain → plan (filters.py for `where`), validating arguments
plan.py       the plan: plain data that can describe itself
cypher.py     plan → Cypher text and parameters, deterministic names
finish.py     raw sort keys → opaque cursors, the only post-processing
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode

from ecosystem.domain import Domain
from ecosystem.graph.compiler.build import Builder, Limits
from ecosystem.graph.compiler.cypher import Statement, render
from ecosystem.graph.compiler.errors import BadInput
from ecosystem.graph.compiler.finish import finish
from ecosystem.graph.compiler.plan import Root, describe
from ecosystem.graph.compiler.selection import Collector

__all__ = ["BadInput", "Compiled", "Compiler", "Limits", "describe"]


@dataclass(frozen=True)
class Compiled:
    plan: Root
    statement: Statement

    def finish(self, data: Any) -> Any:
        return finish(self.plan, data)


class Compiler:
    def __init__(
        self, domain: Domain, limits: Limits, possible_types: Callable[[str], frozenset[str]]
    ) -> None:
        self.builder = Builder(domain, limits)
        self.possible_types = possible_types

    def compiles(self, root_field: str) -> bool:
        return self.builder.compiles(root_field)

    def compile(
        self,
        nodes: Iterable[FieldNode],
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> Compiled:
        collector = Collector(fragments, variables, self.possible_types)
        (field,) = collector.fields(nodes)
        plan = self.builder.root(field)
        return Compiled(plan, render(plan))
