"""Writes: validated against the domain, transactional, versioned and audited."""

from ecosystem.graph.errors import Conflict, ConstraintViolation, Forbidden
from ecosystem.graph.mutations.guard import Guard
from ecosystem.graph.mutations.validate import check_input
from ecosystem.graph.mutations.write import Writer

__all__ = ["Conflict", "ConstraintViolation", "Forbidden", "Guard", "Writer", "check_input"]
