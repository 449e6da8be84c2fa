"""Pick the engine when it is configured and healthy, the database otherwise.

A circuit breaker keeps a dead engine from costing a timeout on every
request: after a failure the engine is skipped for SEARCH_RETRY_AFTER
seconds, then tried again, so search returns to it by itself.
"""

import logging
import time

from django.conf import settings

from .base import SearchResult
from .database import DatabaseBackend

logger = logging.getLogger("search")

_breaker = {"down_until": 0.0}

__all__ = ["SearchResult", "call", "engine_configured", "engine_available", "mark_down", "reset_breaker"]


def engine_configured():
    return bool(settings.SEARCH_URL)


def engine_available():
    return engine_configured() and time.monotonic() >= _breaker["down_until"]


def mark_down(exc):
    _breaker["down_until"] = time.monotonic() + settings.SEARCH_RETRY_AFTER
    logger.warning("Search engine unavailable (%s): database fallback for %ss", exc, settings.SEARCH_RETRY_AFTER)


def reset_breaker():
    _breaker["down_until"] = 0.0


def call(method, *args, **kwargs):
    """(answer, on_engine): the engine's answer, or the database's when the engine is off or failing."""
    if engine_available():
        from .engine import EngineBackend

        try:
            return getattr(EngineBackend(), method)(*args, **kwargs), True
        except Exception as exc:  # noqa: BLE001 - any engine failure falls back, never a 500
            mark_down(exc)
            logger.debug("Engine failure details", exc_info=True)
    return getattr(DatabaseBackend(), method)(*args, **kwargs), False
