"""What every resolver may use: the graph's reads and writes, settings and limits, the
request's id and who asks."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecosystem.domain.access import Principal, anonymous
from ecosystem.graph import Database, Reads, Writes
from ecosystem.limits import Limits
from ecosystem.metrics import Metrics
from ecosystem.settings import Settings


@dataclass(frozen=True)
class Context:
    db: Database
    reads: Reads
    writes: Writes
    settings: Settings
    limits: Limits
    metrics: Metrics
    request_id: str
    principal: Principal = field(default_factory=lambda: anonymous(False))
    # `Type.field`s of private values this request got as null (reported in `extensions`)
    masked: set[str] = field(default_factory=set)
