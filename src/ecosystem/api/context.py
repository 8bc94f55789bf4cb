"""What every resolver may use: the graph's reads and writes, settings and limits, the
request's id and who asks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecosystem.domain.access import Principal, anonymous
from ecosystem.graph import Database, Reads, Writes
from ecosystem.limits import Limits
from ecosystem.metrics import Metrics
from ecosystem.settings import Settings

if TYPE_CHECKING:
    from ecosystem.api.documents import Registry


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
    # the registered documents this process has met (api/documents.py), if the view keeps them
    documents: Registry | None = None
