"""Talking to the API in tests: a GraphQL call, a new organisation, a count from the graph."""

from __future__ import annotations

from typing import Any

import httpx

from ecosystem.graph.database import Database

ORG = {"name": "Acme Home Services", "kind": "ENTERPRISE", "province": "Beijing"}


async def call(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    return body


async def create(client: httpx.AsyncClient, **extra: Any) -> dict[str, Any]:
    body = await call(
        client,
        """mutation($input: OrganisationCreateInput!) {
        createOrganisation(input: $input) { id name version source trainers { totalCount } } }""",
        input={**ORG, **extra},
    )
    assert "errors" not in body, body
    created: dict[str, Any] = body["data"]["createOrganisation"]
    return created


async def count(db: Database, cypher: str, **params: Any) -> int:
    return int((await db.read(cypher, params))[0]["n"])
