"""State the API instances share through Redis (`ECOSYSTEM_REDIS_URL`): the token buckets of
the rate limit and of the unknown-key budget, and the word that a key was revoked.

Without Redis each process keeps its own, as before: N instances allow N times the limits,
and a revoked key lives on in each instance's key cache for `key_cache_s`. With it:

- **Buckets.** One Lua script refills and takes a token atomically, on Redis's clock (so
  instances whose clocks drift agree), with the burst and refill of buckets.py's TokenBuckets
  and the same wait for Retry-After. A bucket (`ecosystem:bucket:<name>:<key>`) expires when it
  would have filled up again: a new one would be the same. Not the `limits` library: its
  strategies are windows (fixed, moving, sliding), not a burst with a steady refill, so the
  documented limits and Retry-After would change meaning.
- **Revocations.** `revoked(name)` bumps a counter (`ecosystem:revocations`) and publishes the
  new count with the key's name (`ecosystem:revoked`). Each instance forgets that key's cached
  lookups on the message, and forgets every cached key when the counter moved without a
  message it expected (a message missed while reconnecting, Redis restarted), which it checks
  every REVOCATION_POLL_S (two polls behind: so within half a second), and when Redis answers
  again after an outage.

Redis unreachable: fail open, to each process's own buckets, so one instance's limits still
hold and no request fails or is refused for Redis's sake (a limiter that fails closed turns a
cache outage into an API outage). A warning is logged when Redis goes away, another when it
answers again; `ecosystem_redis_fallbacks` counts what was decided without it. After a failure
Redis is left alone for RETRY_S, so an outage costs one timeout a second, not one a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from ecosystem.buckets import TokenBuckets
from ecosystem.metrics import Metrics
from ecosystem.settings import Settings

log = logging.getLogger("ecosystem.shared_state")

BUCKETS = "ecosystem:bucket:"
GENERATION = "ecosystem:revocations"
CHANNEL = "ecosystem:revoked"
TIMEOUT_S = 0.5  # a Redis call slower than this counts as an outage
RETRY_S = 1.0
REVOCATION_POLL_S = 0.2

#: Forget cached keys: those of this name, or every one (None).
Forget = Callable[[str | None], None]

# KEYS[1]: the bucket (tokens, at in µs); ARGV: burst, per second, 1 to take a token or 0 to
# look. The seconds until a token is there ("0": one was there, and taken when asked).
TAKE = """
local burst, per_s, take = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == "1"
local clock = redis.call("TIME")
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local state = redis.call("HMGET", KEYS[1], "tokens", "at")
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000000 * per_s)
if tokens < 1 then
  return string.format("%.6f", (1 - tokens) / per_s)
end
if take then
  tokens = tokens - 1
  redis.call("HSET", KEYS[1], "tokens", string.format("%.9f", tokens),
             "at", string.format("%.0f", now))
  redis.call("PEXPIRE", KEYS[1], math.ceil((burst - tokens) / per_s * 1000) + 1000)
end
return "0"
"""


class SharedState:
    """The Redis of ECOSYSTEM_REDIS_URL, or nothing (url None): then every answer is local."""

    def __init__(self, url: str | None, metrics: Metrics | None = None) -> None:
        self.url = url
        self.redis: Redis | None = None
        if url:
            # One retry, at once, on a broken connection only (a pooled one Redis dropped when
            # it restarted): a script retried after a timeout may have run already, and the
            # request would take two tokens. A refused connection is an outage: fall back.
            retry = Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,))
            self.redis = Redis.from_url(
                url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S, retry=retry
            )
        self.metrics = metrics
        self.forgetters: list[Forget] = []
        self.down_until: float | None = None  # set while Redis is taken as unreachable
        self._take = self.redis.register_script(TAKE) if self.redis else None
        self._generation: int | None = None  # the revocation count told of
        self._lagging = False  # the last poll found a count no message had told of yet

    @classmethod
    def from_settings(cls, settings: Settings, metrics: Metrics | None = None) -> SharedState:
        url = settings.redis_url
        return cls(url.get_secret_value() if url else None, metrics)

    # --- buckets ---------------------------------------------------------------------------

    async def bucket(self, key: str, burst: int, per_s: float, take: bool) -> float | None:
        """The shared bucket's wait (see TAKE), or None: no Redis, meter in this process."""
        if self._take is None or self.redis is None:
            return None
        if not self._usable():
            self._fallback("bucket")
            return None
        try:
            wait = await self._take(keys=[BUCKETS + key], args=[burst, per_s, int(take)])
        except (RedisError, OSError) as error:
            self._failed(error)
            self._fallback("bucket")
            return None
        self._answered()
        return float(wait)

    # --- revocations -----------------------------------------------------------------------

    def on_revoked(self, forget: Forget) -> None:
        """Call `forget` when a key is revoked anywhere (with Redis; a no-op without)."""
        self.forgetters.append(forget)

    async def revoked(self, name: str) -> int | None:
        """Tell every instance the key `name` was revoked: how many listened (None without
        Redis). RedisError when Redis cannot be told: instances refuse the key once their
        cache of it runs out."""
        if self.redis is None:
            return None
        generation = await self.redis.incr(GENERATION)
        return int(await self.redis.publish(CHANNEL, f"{generation}:{name}"))

    @contextlib.asynccontextmanager
    async def watching(self) -> AsyncIterator[None]:
        """For the app's life: listen for revocations; Redis's connections closed after."""
        if self.redis is None:
            yield
            return
        task = asyncio.create_task(self._watch(), name="revocations")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await self.close()

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()

    async def _watch(self) -> None:
        assert self.redis is not None
        while True:
            try:
                async with self.redis.pubsub() as pubsub:
                    # Subscribed before the count is read: no revocation falls between.
                    await pubsub.subscribe(CHANNEL)
                    while True:
                        self._counted(int(await self.redis.get(GENERATION) or 0))
                        self._answered()
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=REVOCATION_POLL_S
                        )
                        if message is not None:
                            self._told(message["data"].decode())
            except (RedisError, OSError) as error:
                self._failed(error)
                self._fallback("revocations")
                # A count Redis never has: back from the outage, every cached key is forgotten
                # (two polls on), so a key revoked meanwhile, when no instance could be told,
                # is refused then.
                self._generation = -1
                await asyncio.sleep(RETRY_S)

    def _told(self, message: str) -> None:
        """A revocation's message: its key is forgotten, or every key when one came between."""
        count, _, name = message.partition(":")
        generation = int(count)
        in_turn = self._generation is not None and generation == self._generation + 1
        self._forget(name if in_turn else None)
        self._generation, self._lagging = generation, False

    def _counted(self, generation: int) -> None:
        """The count in Redis. Ahead of the messages for two polls in a row: a revocation this
        instance was not told of (once only, its message may be on the way)."""
        if self._generation is None or generation == self._generation:
            self._generation, self._lagging = generation, False
        elif self._lagging:
            self._forget(None)
            self._generation, self._lagging = generation, False
        else:
            self._lagging = True

    def _forget(self, name: str | None) -> None:
        for forget in self.forgetters:
            forget(name)

    # --- outages ---------------------------------------------------------------------------

    def _usable(self) -> bool:
        return self.down_until is None or time.monotonic() >= self.down_until

    def _failed(self, error: Exception) -> None:
        if self.down_until is None:
            log.warning(
                "Redis (ECOSYSTEM_REDIS_URL) is unreachable: %s. Rate limits count in each "
                "process, and revoked keys are refused within ECOSYSTEM_KEY_CACHE_S, until it "
                "answers again",
                error,
            )
        self.down_until = time.monotonic() + RETRY_S

    def _answered(self) -> None:
        if self.down_until is not None:
            log.warning("Redis (ECOSYSTEM_REDIS_URL) answers again: limits are shared again")
            self.down_until = None

    def _fallback(self, operation: str) -> None:
        if self.metrics is not None:
            self.metrics.redis_fallbacks.labels(operation).inc()


class SharedBuckets:
    """TokenBuckets' `take` and `wait` for one kind of bucket (`name`), counted in Redis
    across instances, or in this process without Redis or while it is unreachable."""

    def __init__(self, shared: SharedState, name: str, burst: int, per_s: float) -> None:
        self.shared, self.name, self.burst, self.per_s = shared, name, burst, per_s
        self.local = TokenBuckets(burst, per_s)

    async def take(self, key: str) -> float:
        """0 if a request may go ahead (it is counted), else the seconds until one may."""
        wait = await self.shared.bucket(f"{self.name}:{key}", self.burst, self.per_s, True)
        return self.local.take(key) if wait is None else wait

    async def wait(self, key: str) -> float:
        """The seconds until `key` has a token (0: now), taking none."""
        wait = await self.shared.bucket(f"{self.name}:{key}", self.burst, self.per_s, False)
        return self.local.wait(key) if wait is None else wait
