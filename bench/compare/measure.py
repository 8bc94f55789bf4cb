"""Asking and timing: resolved variables, the equivalence check, and the load client's runs."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import httpx

from bench.compare.contenders import Contender
from bench.compare.load import REQUEST
from bench.compare.operations import Operation, at, difference, leaves, normalise
from bench.compare.servers import ROOT


class Mismatch(Exception):
    """Two contenders returned different data: the run stops."""


class Failed(Exception):
    """A contender answered with errors (or not at all): recorded, not timed."""


def post(url: str, body: str, headers: dict[str, str]) -> dict[str, Any]:
    try:
        answer = httpx.post(
            url, content=body, headers={"content-type": "application/json", **headers}, timeout=300
        )
        payload: dict[str, Any] = answer.json()
    except (httpx.HTTPError, ValueError) as error:
        raise Failed(f"{url}: {type(error).__name__}: {error}") from None
    if answer.status_code != 200 or payload.get("errors") or payload.get("data") is None:
        raise Failed(f"{url} answered {answer.status_code}: {str(payload)[:600]}")
    data: dict[str, Any] = payload["data"]
    return data


Sets = list[dict[str, Any]]  # ours' resolved variable sets of one operation


def resolve(op: Operation, ours: Contender) -> Sets:
    """Ours' variable sets, with `{"$cursorAt": N}` replaced by the keyset cursor after N rows
    (walking the same document page by page, `first` at a time)."""
    return [_resolved(op, ours, dict(variables)) for variables in op.ours.sets]


def _resolved(op: Operation, ours: Contender, variables: dict[str, Any]) -> dict[str, Any]:
    root = op.ours.path.split(".")[0]
    for name, value in list(variables.items()):
        if isinstance(value, dict) and "$cursorAt" in value:
            cursor = None
            for _ in range(0, value["$cursorAt"], variables["first"]):
                url, body = ours.request(op, {**variables, name: cursor})
                cursor = post(url, body, ours.headers)[root]["pageInfo"]["endCursor"]
            variables[name] = cursor
    return variables


@dataclass(frozen=True)
class Answer:
    value: Any  # the compared part, normalised
    size: int  # bytes of that part as JSON
    fields: int  # scalar values in it


def ask(contender: Contender, op: Operation, variables: dict[str, Any], index: int) -> Answer:
    url, body = contender.request(op, variables, index)
    # Where the load client numbers its requests, a word: else a write's check would leave the
    # placeholder itself in the graph (the update's websites ended as `…/{{request}}`).
    body = body.replace(REQUEST.decode(), "check")
    value = normalise(at(post(url, body, contender.headers), contender.path(op)))
    return Answer(value, len(json.dumps(value, ensure_ascii=False).encode()), leaves(value))


def check(
    op: Operation, sets: Sets, ours: Contender, others: list[Contender]
) -> tuple[Answer, dict[str, str]]:
    """Ours' answer to the first variable set, after making sure every other contender that
    answers gives the same for every set (else Mismatch); those that fail are returned with
    why, to be reported, not timed."""
    failures: dict[str, str] = {}
    answers = [ask(ours, op, variables, index) for index, variables in enumerate(sets)]
    for other in others:
        try:
            for index, variables in enumerate(sets):
                theirs = ask(other, op, variables, index)
                if (where := difference(answers[index].value, theirs.value)) is not None:
                    set_ = f" (variable set {index})" if len(sets) > 1 else ""
                    raise Mismatch(f"{op.key}{set_}: ours and {other.name} differ at {where}")
        except Failed as error:
            failures[other.name] = str(error)
    return answers[0], failures


@dataclass(frozen=True)
class Phase:
    """How one load-client run is bounded."""

    concurrency: int
    requests: int
    seconds: float
    warmup: int = 0
    least: int = 1  # timed requests sent however long they take

    def share(self, parts: int, *, warm: bool) -> Phase:
        """One of `parts` turns of this phase (the warm-up in the first only)."""
        requests = max(1, self.requests // parts)
        warmup = self.warmup if warm else 0
        return Phase(
            self.concurrency, requests, self.seconds / parts, warmup, min(self.least, requests)
        )

    def exactly(self, requests: int) -> Phase:
        """This phase with exactly `requests` timed requests, however long they take."""
        return Phase(self.concurrency, requests, self.seconds, 0, requests)


def equal_count(phase: Phase, slowest_ms: float, *, least: int = 20, slow_ms: float = 2_000) -> int:
    """The timed requests every contender sends: as many as the slowest fits in the phase's
    time, at least `least` (p95 needs 20 samples; 5 above `slow_ms`), at most its requests."""
    floor = 5 if slowest_ms > slow_ms else least
    fits = int(phase.seconds * 1000 / max(slowest_ms, 0.001))
    return max(floor, min(phase.requests, fits))


def load(contender: Contender, op: Operation, sets: Sets, phase: Phase) -> Any:
    job = {
        "targets": contender.requests(op, sets),
        "headers": contender.headers,
        "concurrency": phase.concurrency,
        "warmup": phase.warmup,
        "requests": phase.requests,
        "seconds": phase.seconds,
        "least": phase.least,
    }
    process = subprocess.run(
        [sys.executable, "-m", "bench.compare.load"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    try:
        result = json.loads(process.stdout)
    except ValueError:
        raise Failed(f"the load client failed: {process.stderr[-1500:]}") from None
    if "error" in result:
        raise Failed(f"{op.key} on {contender.name}: {result['error']}")
    return result


def latency(result: dict[str, Any]) -> dict[str, float | None]:
    """p50/p95/p99/mean in milliseconds of a one-client run; a tail percentile only from
    enough samples to mean something (p95 from 20, p99 from 100), else None."""
    timings = result["latencies_ms"]
    cuts = statistics.quantiles(timings, n=100, method="inclusive") if len(timings) > 1 else []
    return {
        "p50": statistics.median(timings),
        "p95": cuts[94] if len(timings) >= 20 else None,
        "p99": cuts[98] if len(timings) >= 100 else None,
        "mean": statistics.fmean(timings),
        "requests": len(timings),
        "client_cpu_s": result.get("client_cpu_s"),
    }


def throughput(results: list[dict[str, Any]]) -> dict[str, float]:
    """Requests a second of a contender's many-client runs (and their median latency)."""
    timings = [t for result in results for t in result["latencies_ms"]]
    return {
        "per_s": len(timings) / sum(result["wall_s"] for result in results),
        "p50": statistics.median(timings),
        "requests": len(timings),
        "client_cpu_s": sum(result.get("client_cpu_s") or 0.0 for result in results),
    }
