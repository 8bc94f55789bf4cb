"""Node writes, each one transaction: lock, check the version, write, audit, read back.

Writers of one node queue on its write lock, taken first by `locked()`; the audit entry is
written in the same transaction, so a write and its record land together or not at all. A
write that can move a derived fact (graph/derived/) takes the derived facts' lock before any
other and brings them up to date in the same transaction. An update that moves none is one
auto-commit statement whose checks are all inside it: it writes nothing when one fails.

Two rules keep concurrent writers from deadlocking (issue 14, measured on Neo4j 5.26):
- The lock is a property set and removed again. Neo4j skips a SET that leaves a value as it
  was and then takes no lock at all.
- No SET reads the property it writes (`n.version = n.version + 1`). For such a SET Cypher
  takes an extra exclusive lock of its own (on a dense node, `NODE_RELATIONSHIP_GROUP_DELETE`)
  *before* the node's lock and gives it back when the SET is done. A writer queued on the
  node's lock then holds that extra lock while the writer ahead of it asks for it in its next
  statement: each waits for the other. So a version is computed from the values read under
  the lock (a map taken after the lock in the same statement, or read by an earlier one).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from ecosystem.domain import NodeType
from ecosystem.graph import derived
from ecosystem.graph.database import Database
from ecosystem.graph.errors import BadInput, Conflict, NotFound, violation
from ecosystem.graph.export.writers import plain
from ecosystem.graph.mutations import json_text
from ecosystem.graph.mutations.guard import Guard, condition, enforce, params
from ecosystem.graph.mutations.read_back import NodeReadBack
from ecosystem.graph.mutations.validate import check_rules

# Renders the client's selection of the written node: (statement, params) over `$id`.
ReadBack = Callable[[str], tuple[str, dict[str, Any]]]


def audit_entry(before: str = "$before") -> str:
    """The clause that writes the audit entry; `before` is its JSON text (an expression)."""
    return (
        "CREATE (:AuditEntry {id: randomUUID(), at: datetime(), actor: $actor, role: $role, "
        "operation: $op, "
        f"targetType: $type, targetId: $target, before: {before}, after: $after, "
        "source: 'ecosystem-audit', updatedAt: datetime()})"
    )


AUDIT = audit_entry()


def then_audit(audit: str, read_cypher: str, carried: str = "n") -> str:
    """After a clause that wrote `n`: its audit entry (over the `carried` variables), then
    the client's read-back of `n` (`NodeReadBack.of`: `WITH n AS this … AS data`)."""
    return f"WITH {carried} {audit} {read_cypher}"


def locked(variable: str) -> str:
    """The clause that takes `variable`'s write lock (a real change: see the module's note)."""
    return f"SET {variable}.`_lock` = true REMOVE {variable}.`_lock`"


def rules_kept(node: NodeType) -> str:
    """Cypher: the node's rules (domain `AtMost`) hold between `$props` and what it stored
    (`before`): a value sent, even null, replaces the stored one, as `check_rules` reads
    `{**before, **props}`."""

    def value(name: str) -> str:
        return f"CASE WHEN '{name}' IN keys($props) THEN $props.`{name}` ELSE before.`{name}` END"

    kept = [f"NOT coalesce({value(r.lower)} > {value(r.upper)}, false)" for r in node.rules]
    return " AND ".join(kept) or "true"


def checked(node: NodeType) -> str:
    """What Python checks of the values read under the lock (`before`): the id (a deleted
    node has none), the version and what the node's rules compare. Not the whole map: the
    write's own statement already turned it into the audit entry, and decoding every stored
    value again cost the Update 0.3 ms (bench/README.md)."""
    names = dict.fromkeys(["id", "version", *(n for r in node.rules for n in (r.lower, r.upper))])
    return "before{" + ", ".join(f".`{name}`" for name in names) + "}"


@dataclass(frozen=True)
class Written:
    node: Any  # the read-back projection (None after a delete)
    created: bool = False


def _json(props: Mapping[str, Any] | None) -> str | None:
    if props is None:
        return None
    return json.dumps({k: plain(v) for k, v in sorted(props.items())}, ensure_ascii=False)


class Writer:
    """Writes as one actor (and role, for the audit); `guard` limits which targets it may
    touch (a partner's own), checked on the locked target inside each write's transaction."""

    def __init__(
        self, db: Database, actor: str, role: str = "cli", guard: Guard | None = None
    ) -> None:
        self.db = db
        self.actor = actor
        self.role = role
        self.guard = guard

    async def transaction(self, work: Callable[[AsyncManagedTransaction], Any]) -> Any:
        try:
            return await self.db.transaction("write", work)
        except ConstraintError as error:
            raise violation(error.message) from error

    async def audit(
        self,
        tx: AsyncManagedTransaction,
        op: str,
        target_type: str,
        target: str,
        *,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        await tx.run(AUDIT, self.audit_params(op, target_type, target, before, after))

    def audit_params(
        self,
        op: str,
        target_type: str,
        target: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "role": self.role,
            "op": op,
            "type": target_type,
            "target": target,
            "before": _json(before),
            "after": _json(after),
        }

    async def derivation(
        self, tx: AsyncManagedTransaction, needed: bool
    ) -> derived.Derivation | None:
        """When `needed`, the derived facts' lock, taken now: before every other lock."""
        return await derived.Derivation(tx).begin() if needed else None

    async def read_back(self, tx: AsyncManagedTransaction, read: ReadBack, raw: str) -> Any:
        cypher, params = read(raw)
        rows = await (await tx.run((cypher), params)).data()
        return rows[0]["data"] if rows else None

    async def lock(
        self, tx: AsyncManagedTransaction, node: NodeType, raw: str, *, guarded: bool = True
    ) -> tuple[dict[str, Any], int]:
        """Take the node's write lock; its properties and degree. NotFound when absent (or
        deleted by the writer it queued behind), Forbidden when the guard says it is not the
        writer's."""
        guard = self.guard if guarded else None
        result = await tx.run(
            (
                f"MATCH (n:{node.label} {{id: $id}}) {locked('n')} "
                # Derived relationships (COLLABORATES…) go with the node: not counted.
                "RETURN properties(n) AS props, COUNT { (n)--() } - "
                f"COUNT {{ (n)-[:{'|'.join(derived.RELATIONSHIP_TYPES)}]-() }} AS degree, "
                f"{condition(guard)} AS owned"
            ),
            {"id": raw, **params(guard)},
        )
        record = await result.single()
        if record is None or "id" not in record["props"]:  # a deleted node has no properties
            raise NotFound(f"no {node.name} has this id", ("id",))
        enforce(guard, record["owned"])
        return dict(record["props"]), int(record["degree"])

    async def create(self, node: NodeType, props: Mapping[str, Any], read: NodeReadBack) -> Written:
        """Create, audit and read back: one statement."""
        raw = str(uuid.uuid4())
        read_cypher, read_params = read.of("n")

        async def work(tx: AsyncManagedTransaction) -> Written:
            result = await tx.run(
                (
                    f"CREATE (n:{node.label}) SET n = $props, n.id = $id, "
                    f"n.version = 1, n.updatedAt = datetime() {then_audit(AUDIT, read_cypher)}"
                ),
                {
                    **read_params,
                    **self.audit_params("create", node.name, raw, None, props),
                    "id": raw,
                    "props": self.with_source(props),
                },
            )
            return Written((await result.single(strict=True))["data"], created=True)

        return cast(Written, await self.transaction(work))

    async def update(
        self,
        node: NodeType,
        raw: str,
        props: Mapping[str, Any],
        expected: int | None,
        read: NodeReadBack,
    ) -> Written:
        """One statement (`updated`). When it can move no derived fact, it runs on its own,
        auto-commit: one round trip, its checks all inside it (bench/README.md, Update)."""
        cypher, values = self.updated(node, raw, props, expected, read, op="update")
        if not derived.feeds(node.label, props):
            try:
                rows = await self.db.write_statement(cypher, values)
            except ConstraintError as error:
                raise violation(error.message) from error
            return self.outcome(node, rows[0] if rows else None, props, expected)

        async def work(tx: AsyncManagedTransaction) -> Written:
            derivation = await self.derivation(tx, True)
            record = await (await tx.run(cypher, values)).single()
            written = self.outcome(node, record, props, expected)
            await self.derive(derivation, node, raw)
            return written

        return cast(Written, await self.transaction(work))

    def updated(
        self,
        node: NodeType,
        raw: str,
        props: Mapping[str, Any],
        expected: int | None,
        read: NodeReadBack,
        *,
        op: str,
    ) -> tuple[str, dict[str, Any]]:
        """Lock, check, write, audit and read back: one statement, which writes nothing unless
        the node exists, is the writer's (the guard), has the expected version and keeps the
        domain's rules over its stored and new values; `outcome` then says which failed."""
        read_cypher, read_params = read.of("n")
        audit = self.audit_params(op, node.name, raw, None, props)
        del audit["before"]  # the statement writes it from what it read under the lock
        cypher = (
            f"MATCH (n:{node.label} {{id: $id}}) {locked('n')} "
            f"WITH n, properties(n) AS before, {condition(self.guard)} AS owned "
            "OPTIONAL CALL (n, before, owned) { WITH n, before WHERE owned AND "
            "before.id IS NOT NULL AND "  # deleted by the writer it queued behind
            "($expected IS NULL OR coalesce(before.version, 1) = $expected) "
            f"AND {rules_kept(node)} "
            # The version from the map read under the lock, not `n.version + 1`:
            # see the module's note.
            "SET n += $props, n.version = coalesce(before.version, 1) + 1, "
            "n.updatedAt = datetime() "
            + then_audit(
                audit_entry(json_text.object_of("before", "$keys")), read_cypher, "n, before"
            )
            + f" }} RETURN {checked(node)} AS before, owned, data"
        )
        values = {
            **read_params,
            **audit,
            **params(self.guard),
            "id": raw,
            "props": props,
            "expected": expected,
            "keys": sorted(props),
        }
        return cypher, values

    def outcome(
        self,
        node: NodeType,
        record: Mapping[str, Any] | None,
        props: Mapping[str, Any],
        expected: int | None,
    ) -> Written:
        """The written node, or why the statement of `updated` wrote nothing."""
        if record is None or record["before"]["id"] is None:  # a deleted node has no id
            raise NotFound(f"no {node.name} has this id", ("id",))
        enforce(self.guard, record["owned"])
        before = dict(record["before"])
        self.check_version(node.name, before, expected)
        check_rules(node, {**before, **props})
        if record["data"] is None:  # a check of the statement's that these do not know
            raise RuntimeError(f"the update of {node.name} {before['id']} wrote nothing")
        return Written(record["data"])

    async def delete(self, node: NodeType, raw: str, expected: int | None, detach: bool) -> Written:
        async def work(tx: AsyncManagedTransaction) -> Written:
            derivation = await self.derivation(tx, node.label in derived.DERIVING_LABELS)
            before, degree = await self.lock(tx, node, raw)
            self.check_version(node.name, before, expected)
            if degree and not detach:
                raise Conflict(
                    f"the {node.name} still has {degree} relationships; pass "
                    "detach: true to delete them too",
                    relationships=degree,
                )
            if derivation is not None:  # what the node's neighbours contribute, while it exists
                await derivation.around(node.label, [raw])
                await derivation.forget()
            await tx.run((f"MATCH (n:{node.label} {{id: $id}}) DETACH DELETE n"), id=raw)
            await self.audit(tx, "delete", node.name, raw, before=before, after=None)
            if derivation is not None:
                await derivation.finish()
            return Written(None)

        return cast(Written, await self.transaction(work))

    async def upsert(
        self, node: NodeType, props: Mapping[str, Any], update_existing: bool, read: NodeReadBack
    ) -> Written:
        key = {name: props.get(name) for name in node.natural_key}
        missing = [name for name, value in key.items() if value is None]
        if missing:
            raise BadInput(
                f"{', '.join(missing)} identify the {node.name} and are required",
                ("input", missing[0]),
                "every natural-key field",
            )
        matcher = ", ".join(f"{name}: $key.{name}" for name in key)

        async def work(tx: AsyncManagedTransaction) -> Written:
            derivation = await self.derivation(
                tx, update_existing and derived.feeds(node.label, props)
            )
            result = await tx.run(
                (
                    f"MERGE (n:{node.label} {{{matcher}}}) "
                    "ON CREATE SET n += $props, n.id = randomUUID(), n.version = 1, "
                    "n.updatedAt = datetime(), n.created_ = true "
                    "WITH n, n.created_ IS NOT NULL AS created REMOVE n.created_ "
                    "RETURN n.id AS id, created"
                ),
                key=key,
                props=self.with_source(props),
            )
            record = await result.single(strict=True)
            raw = record["id"]
            if record["created"]:
                await self.audit(tx, "upsert:create", node.name, raw, before=None, after=props)
                return Written(await self.read_back(tx, read, raw), created=True)
            if update_existing:  # as an update: locked, versioned, audited with what it was
                cypher, values = self.updated(node, raw, props, None, read, op="upsert:update")
                updated = await (await tx.run(cypher, values)).single()
                written = self.outcome(node, updated, props, None)
                await self.derive(derivation, node, raw)
                return written
            return Written(await self.read_back(tx, read, raw))

        return cast(Written, await self.transaction(work))

    @staticmethod
    async def derive(derivation: derived.Derivation | None, node: NodeType, raw: str) -> None:
        """Bring the derived facts that read the written node up to date."""
        if derivation is not None:
            derivation.later(node.label, [raw])
            await derivation.finish()

    def with_source(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return {**props, "source": props.get("source") or f"api:{self.actor}"}

    @staticmethod
    def check_version(node: str, before: Mapping[str, Any], expected: int | None) -> int:
        """The locked node's version, when it is the one the client expects (if it said)."""
        current = int(before.get("version") or 1)
        if expected is not None and expected != current:
            raise Conflict(f"the {node} changed since version {expected}", currentVersion=current)
        return current
