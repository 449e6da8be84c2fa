"""The searches people make, for the report: each one a low-priority task of the worker.

A search enqueues its record (one row of the task queue, no read) and the worker adds it to
QueryLog, so a crash of the web process loses nothing. SEARCH_QUERYLOG_FLUSH_SECONDS > 0 keeps
that many seconds of counts in memory instead and enqueues them as one task (fewer rows for a very
busy site, at the price of losing them in a crash); they are also enqueued at exit and before the
report is shown.
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("search")

QUERYLOG_PRIORITY = -50  # the lowest of the hub's tasks: a report may lag, an e-mail may not

_lock = threading.Lock()
_log = {"pending": {}, "last_flush": time.monotonic()}


@task(priority=QUERYLOG_PRIORITY)
def record_searches_task(rows):
    """Add [query, ISO day, searches, zero-result searches] rows to QueryLog, in one transaction."""
    import datetime

    from .models import QueryLog

    with transaction.atomic():
        for query, day, searches, zero in rows:
            QueryLog.add(query, datetime.date.fromisoformat(day), searches, zero)
    return len(rows)


def _enqueue(rows):
    try:
        record_searches_task.enqueue(rows)
    except Exception:  # noqa: BLE001 - the report must never break search
        logger.exception("Could not record %s search queries", len(rows))


def log_query(query, count):
    query = query[:200]
    if not query:
        return
    window = getattr(settings, "SEARCH_QUERYLOG_FLUSH_SECONDS", 0)
    if window <= 0:
        _enqueue([[query, timezone.localdate().isoformat(), 1, 1 if count == 0 else 0]])
        return
    key = (query, timezone.localdate())
    with _lock:
        searches, zero = _log["pending"].get(key, (0, 0))
        _log["pending"][key] = (searches + 1, zero + (1 if count == 0 else 0))
        due = time.monotonic() - _log["last_flush"] >= window
    if due or len(_log["pending"]) >= 500:
        flush_log()


def flush_log():
    """Enqueue the counts this process keeps in memory (SEARCH_QUERYLOG_FLUSH_SECONDS > 0)."""
    with _lock:
        pending, _log["pending"] = _log["pending"], {}
        _log["last_flush"] = time.monotonic()
    if pending:
        _enqueue([[query, day.isoformat(), searches, zero] for (query, day), (searches, zero) in pending.items()])


def discard_log():
    """Forget the searches counted but not yet enqueued (tests: their database is rolled back)."""
    with _lock:
        _log["pending"] = {}


def _flush_at_exit():
    try:
        flush_log()
    except Exception:  # noqa: BLE001
        pass


atexit.register(_flush_at_exit)
