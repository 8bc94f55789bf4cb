"""What every resolver may use: the database, settings and the request's id."""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.graph.database import Database
from ecosystem.metrics import Metrics
from ecosystem.settings import Settings


@dataclass(frozen=True)
class Context:
    db: Database
    settings: Settings
    metrics: Metrics
    request_id: str
