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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ecosystem.domain import EnumType

if TYPE_CHECKING:
    from ecosystem.graph.compiler.build import Builder
    from ecosystem.graph.compiler.plan import Root
    from ecosystem.graph.compiler.selection import Field


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
    """A list: each element of `expr` bound to the placeholder `var` for `item`. `binds`: the
    clauses that bind what `expr` reads, for a field of the answer itself (not nested), run
    only when the field is selected; in a chunked answer (plan.py `Ask.chunk`), only once the
    fields that need no clauses of their own have been sent, so the client reads those while
    Neo4j works on this one."""

    expr: str
    var: str
    item: Spec
    description: str = ""
    binds: str = ""


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


#: A GraphQL enum of a question's answer or arguments: declared as the domain's enums are
#: (`EnumSpec.described(name, description, {value: what it means})`).
EnumSpec = EnumType


class Question(Protocol):
    """A root field the compiler plans by asking the question itself (graph/questions/)."""

    name: str  # the root field
    description: str
    arguments: Mapping[str, str]  # argument → Python annotation (resolved among generated types)
    # argument → what it means, for those api/arguments.py does not describe (or not enough)
    argument_descriptions: Mapping[str, str]
    returns: str  # annotation of the answer
    answer: Sequence[Obj]  # the object types of the answer (nested ones included)
    inputs: Sequence[InputSpec]
    enums: Sequence[EnumSpec]
    requires: str | None  # a grant the caller must hold (domain/access.py `Grant`), if any

    def plan(self, field: Field, build: Builder) -> Root:
        """The plan of this request's answer (arguments checked, names and values bound)."""
        ...
