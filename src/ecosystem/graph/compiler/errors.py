"""What the compiler refuses: a request that is valid GraphQL but not a valid question."""

from __future__ import annotations

from collections.abc import Sequence


class BadInput(ValueError):
    """An argument the schema accepts but the compiler cannot honour (too large a page, a
    malformed id or cursor, two keys in one sort item…). `argument` is its path in the
    request, e.g. `organisations.where.signedOn.gt`; `expected` says what would be accepted."""

    def __init__(self, message: str, argument: Sequence[str | int], expected: str) -> None:
        super().__init__(message)
        self.argument = ".".join(str(part) for part in argument)
        self.expected = expected


class NotFound(LookupError):
    """The node an argument names does not exist (`argument` as in BadInput)."""

    def __init__(self, message: str, argument: Sequence[str | int]) -> None:
        super().__init__(message)
        self.argument = ".".join(str(part) for part in argument)


class ForbiddenField(BadInput):
    """A `where` on a private property from a viewer who may not read it (FORBIDDEN_FIELD)."""
