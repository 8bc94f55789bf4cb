"""Every cap on what one request may ask, in one object built from the settings.

The compiler reads page sizes and question caps from it, the cost estimate the same sizes,
the HTTP layer its body, batch and rate limits, the validation rules depth, aliases and
tokens; the limits table of docs/limits-and-errors.md is rendered from it (a test keeps the
copies equal). A cap named here and enforced nowhere else is the rule: a number in a module is
a bug to move here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ecosystem.settings import Settings


@dataclass(frozen=True)
class Bounds:
    """Sizes one `first` argument may take, and what it means when left out."""

    default: int
    maximum: int
    minimum: int = 0

    def clamp(self, value: Any) -> int:
        """The size a cost estimate assumes: the default when unsaid, never beyond the bounds
        (going beyond is refused with BAD_INPUT, which names the argument)."""
        if isinstance(value, bool) or not isinstance(value, int):
            return self.default
        return max(self.minimum, min(value, self.maximum))


def _doc(what: str, refusal: str, setting: str | None = None) -> dict[str, str | None]:
    return {"what": what, "refusal": refusal, "setting": setting}


BAD_INPUT = "`BAD_INPUT` naming the argument"


def _exceeded(limit: str) -> str:
    return f'`LIMIT_EXCEEDED`, `limit: "{limit}"`'


@dataclass(frozen=True)
class Limits:
    """The caps. Built by `from_settings`; the defaults are the settings' defaults."""

    page: Bounds = field(
        default=Bounds(20, 100),
        metadata=_doc(
            "items in a page (`first`) of a list, a nested connection or `search`",
            BAD_INPUT,
            "max_first, default_first",
        ),
    )
    lookup_ids: int = field(default=100, metadata=_doc("ids in `nodes(ids:)`", BAD_INPUT))
    collaborations: Bounds = field(
        default=Bounds(100, 500, 1),
        metadata=_doc("organisations in `collaborations(first:)`", BAD_INPUT),
    )
    path_hops: Bounds = field(
        default=Bounds(4, 8, 1), metadata=_doc("hops in `connectionPath(maxHops:)`", BAD_INPUT)
    )
    paths: Bounds = field(
        default=Bounds(5, 20, 1), metadata=_doc("paths in `connectionPath(first:)`", BAD_INPUT)
    )
    import_records: int = field(
        default=5000,
        metadata=_doc(
            "records (nodes and links) in one `importRecords`", BAD_INPUT, "import_max_records"
        ),
    )
    depth: int = field(
        default=12,
        metadata=_doc("nesting of fields (four connections deep)", _exceeded("depth"), "max_depth"),
    )
    aliases: int = field(
        default=30,
        metadata=_doc("aliases in a document", _exceeded("aliases"), "max_aliases"),
    )
    tokens: int = field(
        default=5000,
        metadata=_doc(
            "tokens in a document (parsing stops there)", _exceeded("tokens"), "max_tokens"
        ),
    )
    root_fields: int = field(
        default=10,
        metadata=_doc(
            "root fields in an operation (each one Cypher statement)",
            _exceeded("rootFields"),
            "max_root_fields",
        ),
    )
    cost: int = field(
        default=50_000,
        metadata=_doc(
            "estimated cost of an operation, checked before any of its Cypher runs",
            _exceeded("cost"),
            "max_cost",
        ),
    )
    batch: int = field(
        default=10,
        metadata=_doc(
            "operations in a batch (a JSON list)", _exceeded("batch") + ", HTTP 400", "max_batch"
        ),
    )
    query_seconds: float = field(
        default=10.0,
        metadata=_doc(
            "Neo4j time per transaction (s)",
            "`QUERY_TIMEOUT` on the field whose statement ran out of time",
            "query_timeout_s",
        ),
    )
    large_answers: int = field(
        default=2,
        metadata=_doc(
            "large answers (a collaboration network's) one process builds at once; more wait "
            "their turn, each at most the query timeout",
            "`DATABASE_BUSY` with `retryAfter` when the wait runs out",
            "large_answers_at_once",
        ),
    )
    body_bytes: int = field(
        default=4 * 1024 * 1024,
        metadata=_doc("request body (bytes)", "`PAYLOAD_TOO_LARGE`, HTTP 413", "max_body_bytes"),
    )
    rate_burst: int = field(
        default=50,
        metadata=_doc(
            "requests per API key at once (per client address without one)",
            "`RATE_LIMITED`, HTTP 429 with `Retry-After`",
            "rate_limit_burst",
        ),
    )
    rate_per_s: float = field(
        default=20.0,
        metadata=_doc(
            "requests per API key a second, sustained",
            "`RATE_LIMITED`, HTTP 429 with `Retry-After`",
            "rate_limit_per_s",
        ),
    )

    unknown_key_burst: int = field(
        default=10,
        metadata=_doc(
            "unknown API keys per client address at once (each cost a lookup; the same "
            "unknown key again is refused for `ECOSYSTEM_KEY_CACHE_S` without one)",
            "`RATE_LIMITED`, HTTP 429 with `Retry-After`",
            "unknown_key_burst",
        ),
    )
    unknown_key_per_s: float = field(
        default=1.0,
        metadata=_doc(
            "unknown API keys per client address a second, sustained",
            "`RATE_LIMITED`, HTTP 429 with `Retry-After`",
            "unknown_key_per_s",
        ),
    )

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        page = Bounds(min(settings.default_first, settings.max_first), settings.max_first)
        return cls(
            page=page,
            import_records=settings.import_max_records,
            depth=settings.max_depth,
            aliases=settings.max_aliases,
            tokens=settings.max_tokens,
            root_fields=settings.max_root_fields,
            cost=settings.max_cost,
            batch=settings.max_batch,
            query_seconds=settings.query_timeout_s,
            large_answers=settings.large_answers_at_once,
            body_bytes=settings.max_body_bytes,
            rate_burst=settings.rate_limit_burst,
            rate_per_s=settings.rate_limit_per_s,
            unknown_key_burst=settings.unknown_key_burst,
            unknown_key_per_s=settings.unknown_key_per_s,
        )

    def first(self, root_field: str) -> Bounds:
        """The bounds of `first` on a root field (questions with their own), else a page's."""
        return {"collaborations": self.collaborations, "connectionPath": self.paths}.get(
            root_field, self.page
        )


def render_limits(limits: Limits | None = None) -> str:
    """The table of docs/limits-and-errors.md (the defaults unless `limits` says otherwise)."""
    limits = limits or Limits()
    rows = ["| limit | setting | default | refusal |", "| --- | --- | --- | --- |"]
    for item in fields(Limits):
        value = getattr(limits, item.name)
        shown = _shown(value)
        settings = (item.metadata["setting"] or "").split(", ")
        named = ", ".join(f"`ECOSYSTEM_{name.upper()}`" for name in settings if name) or "—"
        rows.append(f"| {item.metadata['what']} | {named} | {shown} | {item.metadata['refusal']} |")
    return "\n".join(rows) + "\n"


def _shown(value: Bounds | float) -> str:
    if isinstance(value, Bounds):
        return f"{value.maximum:,} (default {value.default})"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"
