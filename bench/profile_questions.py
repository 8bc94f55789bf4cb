"""PROFILE each ecosystem question (docs/questions.md's examples): database hits, rows, time.

    NEO4J_URI=bolt://127.0.0.1:7699 .venv/bin/python bench/profile_questions.py

Compiles each query exactly as the API does, runs it once to warm the plan cache, then
`PROFILE`s it and prints the total db hits, the operators that touched an index, and the time.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import neo4j
from graphql import FieldNode, OperationDefinitionNode, parse

from ecosystem.api.execution import plain_variables
from ecosystem.api.schema import build_compiler, build_schema
from ecosystem.settings import PROJECT_ROOT, Settings

QUESTIONS = PROJECT_ROOT.joinpath("docs", "questions.md").read_text(encoding="utf-8")
SECTION = QUESTIONS.split("## Examples on the seed graph")[1].split("\n## ")[0]
QUERIES = re.findall(r"```graphql\n(.*?)```", SECTION, re.DOTALL)


def walk(plan: Any) -> tuple[int, set[str]]:
    hits = plan.get("dbHits", 0)
    operators = {plan["operatorType"]} if "Index" in plan["operatorType"] else set()
    for child in plan.get("children", []):
        child_hits, child_ops = walk(child)
        hits += child_hits
        operators |= child_ops
    return hits, operators


async def main() -> None:
    settings = Settings()
    compiler = build_compiler(build_schema(), settings)
    driver = neo4j.AsyncGraphDatabase.driver(settings.bolt_uri)
    async with driver.session(database=settings.neo4j_database) as session:
        for query in QUERIES:
            (operation,) = parse(query).definitions
            assert isinstance(operation, OperationDefinitionNode)
            (field,) = operation.selection_set.selections
            assert isinstance(field, FieldNode)
            statement = compiler.compile([field], {}, plain_variables({})).statement
            await (await session.run(statement.cypher, statement.bound())).consume()
            started = time.perf_counter()
            summary = await (
                await session.run("PROFILE " + statement.cypher, statement.bound())
            ).consume()
            elapsed = (time.perf_counter() - started) * 1000
            hits, operators = walk(summary.profile or {})
            print(
                f"{field.name.value:24} {hits:>12,} db hits {elapsed:>9.1f} ms  "
                f"{', '.join(sorted(operators)) or '(no index operator)'}"
            )
    await driver.close()


if __name__ == "__main__":
    asyncio.run(main())
