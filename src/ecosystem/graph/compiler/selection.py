"""The request as a tree of selected fields: fragments spread, directives applied, aliases kept.

A `Field` is what one response key asks for. Fields under an abstract type (the `Node`
interface, a search hit's node) carry the type names their fragment applies to, so the
compiler can project each concrete type with exactly its own fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

from ecosystem.graph.compiler.values import Variables, included, read

# Does a fragment on type condition `condition` apply to concrete type `type_name`?
Matches = Callable[[str, str], bool]


@dataclass(frozen=True)
class Field:
    key: str  # the response key: alias or name
    name: str
    arguments: Mapping[str, Any]
    children: tuple[Field, ...] = ()
    # For fields selected under an abstract type: the concrete types they apply to (None: all).
    on: frozenset[str] | None = None

    def child(self, name: str) -> list[Field]:
        return [c for c in self.children if c.name == name]

    def applies_to(self, type_name: str) -> bool:
        return self.on is None or type_name in self.on


@dataclass
class Collector:
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Variables
    # Type conditions to concrete types, from the GraphQL schema.
    possible_types: Callable[[str], frozenset[str]]
    _visited: set[str] = field(default_factory=set)

    def fields(self, nodes: Iterable[FieldNode]) -> list[Field]:
        """One `Field` per response key for the given nodes (merged when they share a key)."""
        merged: dict[str, Field] = {}
        for node in nodes:
            built = self._field(node, None)
            merged[built.key] = _merge(merged.get(built.key), built)
        return list(merged.values())

    def _field(self, node: FieldNode, on: frozenset[str] | None) -> Field:
        arguments = {a.name.value: read(a.value, self.variables) for a in node.arguments or ()}
        children = self._children(node.selection_set, on=None) if node.selection_set else ()
        key = node.alias.value if node.alias else node.name.value
        return Field(key, node.name.value, arguments, tuple(children), on)

    def _children(self, selection_set: SelectionSetNode, on: frozenset[str] | None) -> list[Field]:
        merged: dict[tuple[str, frozenset[str] | None], Field] = {}
        for built in self._walk(selection_set, on):
            slot = (built.key, built.on)
            merged[slot] = _merge(merged.get(slot), built)
        return list(merged.values())

    def _walk(self, selection_set: SelectionSetNode, on: frozenset[str] | None) -> list[Field]:
        found: list[Field] = []
        for selection in selection_set.selections:
            if not included(selection.directives, self.variables):
                continue
            if isinstance(selection, FieldNode):
                found.append(self._field(selection, on))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                narrowed = self._narrow(on, condition.name.value if condition else None)
                found.extend(self._walk(selection.selection_set, narrowed))
            elif isinstance(selection, FragmentSpreadNode):
                found.extend(self._spread(selection, on))
        return found

    def _spread(self, spread: FragmentSpreadNode, on: frozenset[str] | None) -> list[Field]:
        name = spread.name.value
        fragment = self.fragments.get(name)
        if fragment is None or name in self._visited:  # validation forbids cycles anyway
            return []
        self._visited.add(name)
        try:
            narrowed = self._narrow(on, fragment.type_condition.name.value)
            return self._walk(fragment.selection_set, narrowed)
        finally:
            self._visited.discard(name)

    def _narrow(self, on: frozenset[str] | None, condition: str | None) -> frozenset[str] | None:
        if condition is None:
            return on
        possible = self.possible_types(condition)
        return possible if on is None else on & possible


def _merge(existing: Field | None, new: Field) -> Field:
    if existing is None:
        return new
    children: dict[tuple[str, frozenset[str] | None], Field] = {}
    for child in (*existing.children, *new.children):
        slot = (child.key, child.on)
        children[slot] = _merge(children.get(slot), child)
    return Field(
        existing.key, existing.name, existing.arguments, tuple(children.values()), existing.on
    )
