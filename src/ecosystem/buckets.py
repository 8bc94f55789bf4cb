"""Token buckets by key: how the API meters requests (middleware/ratelimit.py) and lookups of
keys it does not know yet (api/auth.py), in this process. shared_state.py keeps the same
buckets in Redis for every instance, and falls back on these."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Bucket:
    tokens: float
    at: float  # when `tokens` was counted


class TokenBuckets:
    """Buckets by key, least recently used first. A bucket idle long enough to have filled
    up again is dropped: a new one would be the same. `max_keys` bounds memory even so (a
    flood of addresses), at the price of forgetting the longest idle bucket early."""

    def __init__(
        self,
        burst: int,
        per_s: float,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.per_s, self.max_keys, self.clock = burst, per_s, max_keys, clock
        self.buckets: OrderedDict[str, Bucket] = OrderedDict()

    def take(self, key: str) -> float:
        """0 if a request may go ahead (it is counted), else the seconds until one may."""
        bucket = self._refilled(key)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.per_s

    def wait(self, key: str) -> float:
        """The seconds until `key` has a token (0: now), taking none."""
        bucket = self._refilled(key)
        return 0.0 if bucket.tokens >= 1 else (1 - bucket.tokens) / self.per_s

    def _refilled(self, key: str) -> Bucket:
        now = self.clock()
        self._evict(now)
        bucket = self.buckets.pop(key, None) or Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.per_s)
        bucket.at = now
        self.buckets[key] = bucket
        return bucket

    def _evict(self, now: float) -> None:
        refilled = self.burst / self.per_s
        while self.buckets:
            key, oldest = next(iter(self.buckets.items()))
            if now - oldest.at < refilled and len(self.buckets) < self.max_keys:
                return
            del self.buckets[key]
