"""What every resolver may use: the database, settings, the request's id and who asks."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecosystem.domain.access import Principal, anonymous
from ecosystem.graph.compiler import Compiler, Viewer
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
    principal: Principal = field(default_factory=lambda: anonymous(False))
    # `Type.field`s of private values this request got as null (reported in `extensions`)
    masked: set[str] = field(default_factory=set)

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.principal.grant.private, self.principal.organisation)
