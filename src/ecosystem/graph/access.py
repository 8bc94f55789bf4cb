"""What a caller may do, as the graph checks it: a grant required of the caller (the roles
and their grants are the domain's, domain/access.py; a partner's own writes are conditions on
the locked target, graph/mutations/guard.py)."""

from __future__ import annotations

from ecosystem.domain.access import Principal
from ecosystem.graph.errors import Forbidden


def require(principal: Principal, allowed: bool, what: str) -> None:
    if not allowed:
        raise Forbidden(f"the {principal.role} role may not {what}")
