"""Writes: validated against the domain, transactional, versioned and audited."""

from ecosystem.graph.mutations.errors import Conflict, ConstraintViolation
from ecosystem.graph.mutations.guard import Forbidden, Guard
from ecosystem.graph.mutations.validate import check_input
from ecosystem.graph.mutations.write import Writer

__all__ = ["Conflict", "ConstraintViolation", "Forbidden", "Guard", "Writer", "check_input"]
