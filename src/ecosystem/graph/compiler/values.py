"""Argument values read straight from the document and the request's raw variables.

graphql-core has already validated both against the schema. We read them ourselves, as plain
JSON-like values keyed by GraphQL names, because its coerced values for input objects are
Strawberry's classes, and the compiler wants the names the client wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    EnumValueNode,
    FloatValueNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)
from graphql.language import DirectiveNode

Variables = Mapping[str, Any]


def read(node: ValueNode, variables: Variables) -> Any:  # noqa: PLR0911 (one case per kind)
    """The plain value of an argument or of an input field (None for null or unset)."""
    match node:
        case VariableNode():
            return variables.get(node.name.value)
        case IntValueNode():
            return int(node.value)
        case FloatValueNode():
            return float(node.value)
        case StringValueNode() | EnumValueNode():
            return node.value
        case BooleanValueNode():
            return node.value
        case NullValueNode():
            return None
        case ListValueNode():
            return [read(item, variables) for item in node.values]
        case ObjectValueNode():
            return {f.name.value: read(f.value, variables) for f in node.fields}
    raise TypeError(f"unexpected value node {type(node).__name__}")


def included(directives: tuple[DirectiveNode, ...] | None, variables: Variables) -> bool:
    """Apply `@skip(if:)` and `@include(if:)`."""
    for directive in directives or ():
        condition = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
        if condition is None:
            continue
        value = bool(read(condition, variables))
        if directive.name.value == "skip" and value:
            return False
        if directive.name.value == "include" and not value:
            return False
    return True
