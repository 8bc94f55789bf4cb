"""Who may see and change what: one table of roles, rendered into docs/roles-and-keys.md.

A request acts as a `Principal` (an API key's name, role and organisation, or anonymous).
Reads of public fields, private fields, exports, the audit trail, writes, imports and key
management are each granted per role here and nowhere else. What a partner may write of its
own is the graph's to check (graph/access.py): the write statement tests it on the node it
has locked, so no read-then-write race can slip past it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

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


def render_roles() -> str:
    """The roles table of docs/roles-and-keys.md."""
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
