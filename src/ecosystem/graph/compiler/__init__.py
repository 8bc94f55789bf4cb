"""The GraphQL-to-Cypher compiler: selection → plan → one Cypher statement → shaped result.

selection.py   graphql-core AST → tree of selected fields (fragments, directives, aliases)
build.py       selection + domain → plan (filters.py for `where`), validating arguments;
               a question plans itself with it (answers.py turns its vocabulary.py specs
               into plan entries)
plan.py        the plan: plain data that can describe itself
cypher.py      plan → Cypher text and parameters, deterministic names (keyset.py for pages,
               walking.py for root pages read in their first sort key's index order)
finish.py      Neo4j's answer → the response: cursors encoded, keys in selection order
               (a chunked answer encoded slice by slice as its rows arrive)
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode

from ecosystem.domain import Domain
from ecosystem.domain.access import Grant
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.cypher import Statement, render
from ecosystem.graph.compiler.finish import Chunks, finish
from ecosystem.graph.compiler.plan import Ask, Root, describe
from ecosystem.graph.compiler.selection import Collector, Field
from ecosystem.graph.compiler.viewer import TRUSTED, Viewer
from ecosystem.graph.compiler.vocabulary import Question
from ecosystem.graph.errors import BadInput, ForbiddenField, NotFound
from ecosystem.limits import Limits

__all__ = [
    "TRUSTED",
    "BadInput",
    "Compiled",
    "Compiler",
    "ForbiddenField",
    "NotFound",
    "Viewer",
    "describe",
]


@dataclass(frozen=True)
class Compiled:
    statement: Statement
    finish: Callable[[Any], Any]  # Neo4j's answer → the response (cursors, key order)
    plan: Root  # for `describe`
    masked: frozenset[str] = frozenset()  # private `Type.field`s the viewer may not read
    chunks: Callable[[], Chunks] | None = None  # a chunked answer's rows → the response


class Compiler:
    """Compiles root fields; results are cached per document, field and variable values."""

    def __init__(
        self,
        domain: Domain,
        limits: Limits,
        possible_types: Callable[[str], frozenset[str]],
        cache_size: int = 512,
        questions: Iterable[Question] = (),
        *,
        include_sample: bool = True,
    ) -> None:
        self.limits = limits
        self.builder = Builder(domain, limits, include_sample=include_sample)
        self.questions = {q.name: q for q in questions}
        for question in self.questions.values():  # a typo in a grant must not open a field
            if question.requires is not None and question.requires not in Grant.__annotations__:
                raise ValueError(f"{question.name} requires an unknown grant {question.requires!r}")
        self.possible_types = possible_types
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[Viewer, str, int, str], Compiled] = OrderedDict()

    def requires(self, root_field: str) -> str | None:
        """The grant a caller must hold to ask for `root_field`, if any."""
        question = self.questions.get(root_field)
        return None if question is None else question.requires

    def compiles(self, root_field: str) -> bool:
        return root_field in self.questions or self.builder.compiles(root_field)

    def compile(
        self,
        nodes: Iterable[FieldNode],
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        viewer: Viewer = TRUSTED,
    ) -> Compiled:
        nodes = list(nodes)
        key = _cache_key(nodes, variables, viewer)
        if key is not None and (hit := self._cache.get(key)) is not None:
            self._cache.move_to_end(key)
            return hit
        collector = Collector(fragments, variables, self.possible_types)
        (field,) = collector.fields(nodes)
        compiled = self._compile(field, self.builder.viewing(viewer))
        if key is not None:
            self._cache[key] = compiled
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return compiled

    def select(self, nodes: Iterable[FieldNode], fragments: Mapping[str, FragmentDefinitionNode],
               variables: Mapping[str, Any]) -> Field:  # fmt: skip
        """The selection of one root field (mutations render their own read-back from it)."""
        (field,) = Collector(fragments, variables, self.possible_types).fields(nodes)
        return field

    def _compile(self, field: Field, builder: Builder) -> Compiled:
        question = self.questions.get(field.name)
        plan = builder.root(field) if question is None else question.plan(field, builder)
        chunks = partial(Chunks, plan) if isinstance(plan, Ask) and plan.chunk else None
        return Compiled(render(plan), partial(finish, plan), plan, frozenset(builder.masked),
                        chunks)  # fmt: skip


def _cache_key(
    nodes: list[FieldNode], variables: Mapping[str, Any], viewer: Viewer
) -> tuple[Viewer, str, int, str] | None:
    """The document, where the field starts in it, and the variables: the same request again.

    The Cypher text itself does not depend on variable values (they are parameters), so
    Neo4j's plan cache hits across different values too.
    """
    location = nodes[0].loc if len(nodes) == 1 else None
    if location is None:
        return None
    try:
        values = json.dumps(variables, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None
    return viewer, location.source.body, location.start, values
