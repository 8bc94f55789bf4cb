"""The vocabulary the ecosystem questions declare their answers in.

A question's Cypher binds a few variables (a trainer, lists of credentials, a flag…); a spec
says how each GraphQL field of its answer reads from them, as a Cypher expression whose
`{placeholders}` name those variables (or values the question passes as parameters). From one
spec come the GraphQL type (api/questions.py) and, for a request, the plan of exactly the
selected fields (build.py), which the one renderer prints and the one finisher shapes.
Node-typed fields reuse the node projection, so a client can select any field of an
organisation inside an answer, nested connections too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


def literal(cypher: str) -> str:
    """Cypher with no placeholders, escaped for a spec expression (whose `{x}` are filled)."""
    return cypher.replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True)
class Leaf:
    """A scalar: a Cypher expression and its Python annotation."""

    expr: str
    annotation: str
    description: str = ""


@dataclass(frozen=True)
class Computed:
    """A scalar Python derives from what a Cypher expression returns (say, the largest
    connected component of a list of pairs): the graph algorithms Cypher lacks."""

    expr: str
    annotation: str
    function: Callable[[Any], Any]
    description: str = ""


@dataclass(frozen=True)
class NodeRef:
    """A node of a known type; null when the expression is null."""

    type: str
    expr: str
    description: str = ""
    nullable: bool = False


@dataclass(frozen=True)
class AnyNodeRef:
    """A node of any type (the `Node` interface)."""

    expr: str
    description: str = ""


@dataclass(frozen=True)
class ListOf:
    """A list: each element of `expr` bound to the placeholder `var` for `item`."""

    expr: str
    var: str
    item: Spec
    description: str = ""


@dataclass(frozen=True)
class Obj:
    type_name: str
    fields: Mapping[str, Spec]
    description: str = ""


Spec = Leaf | Computed | NodeRef | AnyNodeRef | ListOf | Obj


@dataclass(frozen=True)
class InputSpec:
    """A GraphQL input type of a question: field → (Python annotation, description)."""

    name: str
    fields: Mapping[str, tuple[str, str]]
    description: str = ""


@dataclass(frozen=True)
class EnumSpec:
    name: str
    values: tuple[str, ...]
    description: str = ""
