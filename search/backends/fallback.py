"""The engine first, the database when the engine is off or failing.

A circuit breaker, one per worker process, keeps a dead engine from costing a timeout on
every request, and a slow second from costing the engine's relevance for long:

- closed: every search asks the engine; a failed request is answered by the database, and
  counted. SEARCH_BREAKER_FAILURES failures within SEARCH_BREAKER_WINDOW seconds open it: a
  slow second costs the requests it holds up (each waits SEARCH_TIMEOUT), not half a minute.
- open: the database answers, the engine is not asked, for SEARCH_RETRY_AFTER seconds.
- half-open: then one request, and only one, tries the engine (the others keep to the
  database meanwhile); its success closes the breaker, its failure opens it again.
"""

import logging
import threading
import time
from collections import deque

from django.conf import settings

from ..indexing.transport import engine_configured

logger = logging.getLogger("search")

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class Breaker:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.failures = deque()  # monotonic times of the recent failures
            self.open_until = 0.0
            self.probe_since = None  # when the half-open trial request started

    @property
    def state(self):
        if self.probe_since is not None:
            return HALF_OPEN
        return OPEN if self.open_until else CLOSED

    def allow(self):
        """May this request ask the engine? Past the open period, the first caller is the trial."""
        now = time.monotonic()
        with self.lock:
            if not self.open_until:
                return True
            # A trial that never reported (its thread died) does not hold the engine off forever.
            stale_probe = self.probe_since is not None and now - self.probe_since > 2 * settings.SEARCH_TIMEOUT + 1
            if now >= self.open_until and (self.probe_since is None or stale_probe):
                self.probe_since = now
                return True
            return False

    def route_open(self):
        """Will the next request be sent to the database? (No side effect: the result cache asks.)"""
        return bool(self.open_until) and (time.monotonic() < self.open_until or self.probe_since is not None)

    def success(self):
        """A success closes a half-open breaker; a closed one keeps its recent failures (a window, not a streak)."""
        if not self.open_until:
            return
        with self.lock:
            self.open_until = 0.0
            self.probe_since = None
            self.failures.clear()
        logger.info("Search engine answering again: breaker closed")

    def failure(self, exc):
        now = time.monotonic()
        with self.lock:
            if self.probe_since is not None or self.open_until:  # the trial failed: open again
                self._open(now, exc, "trial request failed")
                return
            self.failures.append(now)
            while self.failures and self.failures[0] <= now - settings.SEARCH_BREAKER_WINDOW:
                self.failures.popleft()
            if len(self.failures) >= settings.SEARCH_BREAKER_FAILURES:
                self._open(now, exc, f"{len(self.failures)} failures in {settings.SEARCH_BREAKER_WINDOW}s")
            else:
                logger.warning("Search engine request failed (%s): this search answered by the database", exc)

    def _open(self, now, exc, why):
        self.open_until = now + settings.SEARCH_RETRY_AFTER
        self.probe_since = None
        self.failures.clear()
        logger.warning(
            "Search engine unavailable (%s; %s): database fallback for %ss", exc, why, settings.SEARCH_RETRY_AFTER
        )


breaker = Breaker()


def engine_available():
    """Configured, and the breaker would let the next request through (not consuming the trial)."""
    return engine_configured() and not breaker.route_open()


def reset_breaker():
    breaker.reset()


class FallbackBackend:
    """A Backend over two: `engine` (built on first use, only when it is tried) and `fallback`."""

    name = "fallback"

    def __init__(self, engine, fallback):
        self.engine_factory = engine
        self.fallback = fallback

    @property
    def route(self):
        """The name of the backend that will be asked first now (the result cache keys on it)."""
        return "engine" if engine_available() else self.fallback.name

    def _answer(self, ask):
        """(answer, on_engine): ask(engine), or ask(fallback) when the engine is off or fails."""
        if engine_configured() and breaker.allow():
            try:
                answer = ask(self.engine_factory())
            except Exception as exc:  # noqa: BLE001 - any engine failure falls back, never a 500
                breaker.failure(exc)
                logger.debug("Engine failure details", exc_info=True)
            else:
                breaker.success()
                return answer, True
        return ask(self.fallback), False

    def search(self, params, exclude_ids=()):
        result, on_engine = self._answer(lambda backend: backend.search(params, exclude_ids))
        result.fallback = not on_engine
        return result

    def suggest(self, q, size=8):
        return self._answer(lambda backend: backend.suggest(q, size))[0]
