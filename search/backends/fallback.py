"""The engine first, the database when the engine is off or failing.

A circuit breaker keeps a dead engine from costing a timeout on every
request: after a failure the engine is skipped for SEARCH_RETRY_AFTER
seconds, then tried again, so search returns to it by itself.
"""

import logging
import time

from django.conf import settings

from ..indexing.transport import engine_configured

logger = logging.getLogger("search")

_breaker = {"down_until": 0.0}


def engine_available():
    return engine_configured() and time.monotonic() >= _breaker["down_until"]


def mark_down(exc):
    _breaker["down_until"] = time.monotonic() + settings.SEARCH_RETRY_AFTER
    logger.warning("Search engine unavailable (%s): database fallback for %ss", exc, settings.SEARCH_RETRY_AFTER)


def reset_breaker():
    _breaker["down_until"] = 0.0


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
        if engine_available():
            try:
                return ask(self.engine_factory()), True
            except Exception as exc:  # noqa: BLE001 - any engine failure falls back, never a 500
                mark_down(exc)
                logger.debug("Engine failure details", exc_info=True)
        return ask(self.fallback), False

    def search(self, params, exclude_ids=()):
        result, on_engine = self._answer(lambda backend: backend.search(params, exclude_ids))
        result.fallback = not on_engine
        return result

    def suggest(self, q, size=8):
        return self._answer(lambda backend: backend.suggest(q, size))[0]
