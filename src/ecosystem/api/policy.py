"""Who may see and change what: one table of roles, rendered into the README.

A request acts as a `Principal` (an API key's name, role and organisation, or anonymous).
Reads of public fields, private fields, exports, the audit trail, writes, imports and key
management are each granted per role here and nowhere else. A partner's writes are limited to
what belongs to its organisation; that is a `Guard`, a Cypher condition the write statement
itself checks on the node it has locked, so no read-then-write race can slip past it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

from ecosystem.graph.mutations.guard import Forbidden, Guard

Scope = Literal["none", "own", "all"]


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    RESEARCHER = "researcher"
    PARTNER = "partner"
    SECRETARIAT = "secretariat"
    ADMIN = "admin"


@dataclass(frozen=True)
class Grant:
    read: bool  # public fields of every node
    private: Scope  # private fields (trainers' phone and e-mail): own = its organisation's
    export: bool
    write: Scope  # own = the partner rules below
    import_: bool
    audit: bool  # read the audit trail (`changes`)
    keys: bool  # create, list and revoke API keys
    description: str


POLICY: dict[Role, Grant] = {
    Role.ANONYMOUS: Grant(
        False, "none", False, "none", False, False, False,
        "no key: nothing, or public fields when ECOSYSTEM_PUBLIC_READ=true",
    ),
    Role.RESEARCHER: Grant(
        True, "none", True, "none", False, False, False,
        "reads everything public and exports it",
    ),
    Role.PARTNER: Grant(
        True, "own", False, "own", False, False, False,
        "bound to one organisation: its trainers' private fields; writes what is its own",
    ),
    Role.SECRETARIAT: Grant(
        True, "all", True, "all", True, True, False,
        "reads and writes everything, imports, reads the audit trail",
    ),
    Role.ADMIN: Grant(True, "all", True, "all", True, True, True, "secretariat, plus API keys"),
}  # fmt: skip
if set(POLICY) != set(Role):  # a role without a grant is a mistake to catch at import
    raise RuntimeError("every role needs its row in POLICY")


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role
    organisation: str | None = None  # raw id of a partner's organisation
    public_read: bool = False  # anonymous only: ECOSYSTEM_PUBLIC_READ

    @property
    def grant(self) -> Grant:
        grant = POLICY[self.role]
        return replace(grant, read=True) if self.public_read else grant


def anonymous(public_read: bool) -> Principal:
    """Who a request without a key is."""
    return Principal("anonymous", Role.ANONYMOUS, public_read=public_read)


# --- a partner's writes ------------------------------------------------------------------
# Conditions over the locked node `n` (node writes) or the relationship's ends `a`, `b`;
# `$org` is the partner's organisation. Types and labels are the domain's, never a request's.
_DEVELOPED = "EXISTS {{ ({var})-[:DEVELOPED_BY]->(:Organisation {{id: $org}}) }}"


# (operation, node type or relationship type) → (condition, what a partner owns)
PARTNER_WRITES: dict[tuple[str, str], tuple[str, str]] = {
    ("update", "Organisation"): ("n.id = $org", "its own organisation"),
    ("create", "Course"): ("true", "new courses"),
    ("update", "Course"): (_DEVELOPED.format(var="n"), "courses it develops"),
    ("delete", "Course"): (_DEVELOPED.format(var="n"), "courses it develops"),
    **{
        (op, rel): ("b.id = $org", f"{what} of its own organisation")
        for rel, what in (
            ("AFFILIATED_WITH", "trainers' affiliations"),
            ("USED_BY", "use of training bases"),
            ("DEVELOPED_BY", "course development"),
        )
        for op in ("link", "update", "unlink")
    },
    # A course it develops may be claimed by nobody else first: linking needs it unclaimed.
    ("link", "DEVELOPED_BY"): (
        "b.id = $org AND NOT EXISTS { (a)-[:DEVELOPED_BY]->() }",
        "new courses it develops",
    ),
    **{
        (op, rel): (_DEVELOPED.format(var="a"), "links of courses it develops")
        for rel in ("PREPARES_FOR", "ALIGNS_WITH")
        for op in ("link", "update", "unlink")
    },
}


def write_guard(principal: Principal, op: str, target: str) -> Guard | None:
    """None when the principal may write any such target; a Guard for what is its own.
    Raises Forbidden when it may write none."""
    scope = principal.grant.write
    if scope == "all":
        return None
    rule = PARTNER_WRITES.get((op, target)) if scope == "own" else None
    if rule is None or principal.organisation is None:
        raise Forbidden(f"the {principal.role} role may not {op} {target}")
    return Guard(rule[0], {"org": principal.organisation}, rule[1])


def require(principal: Principal, allowed: bool, what: str) -> None:
    if not allowed:
        raise Forbidden(f"the {principal.role} role may not {what}")


def render_roles() -> str:
    """The README's roles table."""
    yes = {True: "yes", False: "—"}
    rows = [
        "| role | reads | private fields | exports | writes | import | audit trail | keys "
        "| in short |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for role, g in POLICY.items():
        cells = [yes[g.read], g.private, yes[g.export], g.write, yes[g.import_]]
        cells += [yes[g.audit], yes[g.keys], g.description]
        rows.append(f"| `{role}` | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def render_partner_writes() -> str:
    """The README's list of what a partner may write."""
    grouped: dict[str, list[str]] = {}
    for (op, target), (_, what) in PARTNER_WRITES.items():
        grouped.setdefault(what, []).append(f"`{op}` {target}")
    return "".join(f"- {what}: {', '.join(ops)}\n" for what, ops in grouped.items())
