"""What every resolver may use: the database, settings and the request's id."""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.graph.compiler import Compiler
from ecosystem.graph.database import Database
from ecosystem.metrics import Metrics
from ecosystem.settings import Settings


@dataclass(frozen=True)
class Context:
    db: Database
    compiler: Compiler
    settings: Settings
    metrics: Metrics
    request_id: str
    actor: str = "anonymous"  # who writes: the API key's name once keys exist (issue 7)
