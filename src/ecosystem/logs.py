"""How the service logs: text for people (the default) or JSON lines for machines
(`ECOSYSTEM_LOG_FORMAT=json`), the same in every worker process.

Every request gets one line on `ecosystem.access` (middleware/observe.py): method, path,
route, status, duration, request id, key name and role, GraphQL operation, and the code of a
refusal. In JSON those are fields of the line; in text, words of the message.
"""

from __future__ import annotations

from typing import Any

from ecosystem.settings import Settings

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
ACCESS = "ecosystem.access"


def config(settings: Settings) -> dict[str, Any]:
    """A `logging.config.dictConfig` (uvicorn applies it in each worker): one handler on the
    root logger; uvicorn's own loggers go through it, its access log is ours."""
    if settings.log_format == "json":
        formatter: dict[str, Any] = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    else:
        formatter = {"format": TEXT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {
            "main": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["main"], "level": settings.log_level.upper()},
        "loggers": {
            name: {"handlers": [], "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }
