"""Constraints and indexes derived from the domain, as Cypher DDL.

`ecosystem schema` writes them to `schema/migrations/0001_domain.cypher`; a test fails when the
checked-in file differs from what the domain declares.
"""

from __future__ import annotations

import re

from ecosystem.domain import Domain, NodeType, RelationshipType

FULLTEXT_INDEX = "names"
HEADER = (
    "// Generated from src/ecosystem/domain by `ecosystem schema`: do not edit by hand.\n"
    "// Every statement is idempotent (IF NOT EXISTS); a changed file is applied again.\n"
)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def node_statements(node: NodeType) -> list[str]:
    label, base = node.label, snake(node.name)
    keys = ", ".join(f"n.{name}" for name in node.natural_key)
    statements = [
        f"CREATE CONSTRAINT {base}_natural_key IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE ({keys}) IS UNIQUE"
    ]
    for prop in node.properties:
        if node.natural_key == (prop.name,):
            continue
        if prop.unique:
            statements.append(
                f"CREATE CONSTRAINT {base}_{snake(prop.name)}_unique IF NOT EXISTS "
                f"FOR (n:{label}) REQUIRE n.{prop.name} IS UNIQUE"
            )
        elif prop.indexed:
            statements.append(
                f"CREATE INDEX {base}_{snake(prop.name)} IF NOT EXISTS "
                f"FOR (n:{label}) ON (n.{prop.name})"
            )
    return statements


def relationship_statements(rel: RelationshipType) -> list[str]:
    # Relationship ids are looked up by `node(id:)` and by unlink/update mutations.
    base = snake(rel.type.title().replace("_", ""))
    return [
        f"CREATE CONSTRAINT rel_{base}_id_unique IF NOT EXISTS "
        f"FOR ()-[r:{rel.type}]-() REQUIRE r.id IS UNIQUE"
    ]


def fulltext_statement(domain: Domain) -> str:
    labels = "|".join(n.label for n in domain.nodes)
    names = sorted({p.name for n in domain.nodes for p in n.properties if p.searchable})
    # The `cjk` analyzer indexes Chinese as bigrams and Latin text as words, so "开放大学" and
    # "Open University" both match. Eventually consistent: a commit does not wait for Lucene,
    # which was half the time of a 200,000-node import (search catches up within moments).
    return (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) "
        f"ON EACH [{', '.join('n.' + name for name in names)}] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', "
        "`fulltext.eventually_consistent`: true}}"
    )


def statements(domain: Domain) -> list[str]:
    result = [
        "CREATE CONSTRAINT schema_migration_version_unique IF NOT EXISTS "
        "FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE"
    ]
    for node in domain.nodes:
        result.extend(node_statements(node))
    for rel in domain.relationships:
        result.extend(relationship_statements(rel))
    result.append(fulltext_statement(domain))
    return result


def render(domain: Domain) -> str:
    return HEADER + "\n" + "".join(f"{s};\n" for s in statements(domain))
