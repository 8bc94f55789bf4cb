"""How the ecosystem is stored in Neo4j and queried: the graph layer's public front.

Everything above this layer (the API, the commands) imports from here and nowhere deeper:
`make test` checks it (import-linter, pyproject.toml). Reads go through `Reads` (the compiler
and its one statement per root field), writes through `Writes` (checked, locked, audited);
the services below are modules of their own: `keys`, `documents`, `migrations`, `ddl`, `seed`,
`importing`, `export`, `derived` (the facts the questions read, kept by every write).
"""

from ecosystem.graph import (
    ddl,
    derived,
    documents,
    export,
    ids,
    importing,
    keys,
    migrations,
    seed,
)
from ecosystem.graph.access import require
from ecosystem.graph.compiler import Compiler
from ecosystem.graph.compiler.filters import operators_for
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.compiler.vocabulary import (
    AnyNodeRef,
    Computed,
    EnumSpec,
    InputSpec,
    Leaf,
    ListOf,
    NodeRef,
    Obj,
    Spec,
)
from ecosystem.graph.database import (
    TRANSACTION_METADATA,
    Database,
    DatabaseBusy,
    DatabaseUnavailable,
    begin_metadata,
    with_metadata,
)
from ecosystem.graph.errors import (
    BadInput,
    Conflict,
    ConstraintViolation,
    Forbidden,
    ForbiddenField,
    NotFound,
    Outdated,
)
from ecosystem.graph.mutations.apply import Writes
from ecosystem.graph.questions import QUESTIONS, SAMPLE_ARGUMENT, Question
from ecosystem.graph.reads import Answer, LargeAnswers, Reads

__all__ = [
    "QUESTIONS",
    "SAMPLE_ARGUMENT",
    "TRANSACTION_METADATA",
    "Answer",
    "AnyNodeRef",
    "BadInput",
    "Compiler",
    "Computed",
    "Conflict",
    "ConstraintViolation",
    "Database",
    "DatabaseBusy",
    "DatabaseUnavailable",
    "EnumSpec",
    "Field",
    "Forbidden",
    "ForbiddenField",
    "InputSpec",
    "LargeAnswers",
    "Leaf",
    "ListOf",
    "NodeRef",
    "NotFound",
    "Obj",
    "Outdated",
    "Question",
    "Reads",
    "Spec",
    "Writes",
    "begin_metadata",
    "ddl",
    "derived",
    "documents",
    "export",
    "ids",
    "importing",
    "keys",
    "migrations",
    "operators_for",
    "require",
    "seed",
    "with_metadata",
]
