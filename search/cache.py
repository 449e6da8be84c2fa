"""Per-process caches for what every search reads, and the query log written in batches.

A search used to cost 4-6 database queries before the engine was even asked:
theme and audience labels (2), synonym groups (1), search promotions (1) and the
query log (1-3 writes, serialised by SQLite across workers). Now:

- labels, synonym groups and the set of promoted query strings are kept in each
  worker under the content version (core/content_version.py: `cached()`).
- search results (the backend's answer for one set of parameters) are kept in
  each worker for SEARCH_RESULT_CACHE_SECONDS under the same version. Every
  write to the search indexes goes through `search.backends.bridge`, which bumps
  the version once the write is visible: a publish shows in the next search.
- the query log is counted in memory and written every
  SEARCH_QUERYLOG_FLUSH_SECONDS (one transaction), at exit, and before the
  report is shown; 0 writes at once. A crash loses at most that many seconds.
"""

import atexit
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from core import content_version

logger = logging.getLogger("search")

_lock = threading.Lock()
_log = {"pending": {}, "last_flush": time.monotonic()}


# --- search results ------------------------------------------------------------------------------


def _result_key(params, exclude_ids, on_engine, variant):
    shape = (
        variant,
        params.q,
        sorted((name, sorted(values)) for name, values in params.filters.items() if values),
        params.sort,
        params.page,
        sorted(exclude_ids),
        on_engine,
    )
    digest = hashlib.sha1(repr(shape).encode()).hexdigest()
    return f"search:{content_version.current()}:{digest}"


def search_result(params, exclude_ids, compute, *, on_engine, variant=""):
    """compute() -> (result, on_engine), answered from this worker's cache when the same search ran lately.

    `on_engine` says which backend should answer now: the fallback's answers and the
    engine's are kept apart, and an answer given by the fallback because the engine just
    failed is not kept (the engine may be back before it would expire).
    `variant` tells apart answers computed differently (with or without the page's HTML).
    The key carries the version validate() read (the middleware, once a request): none read, none kept.
    """
    ttl = getattr(settings, "SEARCH_RESULT_CACHE_SECONDS", 0)
    if ttl <= 0 or content_version.current() is None:
        return compute()
    store = caches["search"]
    key = _result_key(params, exclude_ids, on_engine, variant)
    hit = store.get(key)
    if hit is not None:
        return hit, on_engine
    result, answered_on_engine = compute()
    if answered_on_engine == on_engine:
        store.set(key, result, ttl)
    return result, answered_on_engine


# --- query log -----------------------------------------------------------------------------------


def log_query(query, count):
    query = query[:200]
    if not query:
        return
    key = (query, timezone.localdate())
    with _lock:
        searches, zero = _log["pending"].get(key, (0, 0))
        _log["pending"][key] = (searches + 1, zero + (1 if count == 0 else 0))
        due = time.monotonic() - _log["last_flush"] >= getattr(settings, "SEARCH_QUERYLOG_FLUSH_SECONDS", 10)
    if due or len(_log["pending"]) >= 500:
        flush_log()


def flush_log():
    from .models import QueryLog

    with _lock:
        pending, _log["pending"] = _log["pending"], {}
        _log["last_flush"] = time.monotonic()
    if not pending:
        return
    try:
        with transaction.atomic():
            for (query, day), (searches, zero) in pending.items():
                QueryLog.add(query, day, searches, zero)
    except Exception:  # noqa: BLE001 - the report must never break search
        logger.exception("Could not record %s search queries", len(pending))


def discard_log():
    """Forget the searches counted but not yet written (tests: their database is rolled back)."""
    with _lock:
        _log["pending"] = {}


def _flush_at_exit():
    try:
        flush_log()
    except Exception:  # noqa: BLE001
        pass


atexit.register(_flush_at_exit)
