"""The searches people make, for the report: counted in memory, written in batches.

Written every SEARCH_QUERYLOG_FLUSH_SECONDS (one transaction), at exit, and before
the report is shown; 0 writes at once. A crash loses at most that many seconds.
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("search")

_lock = threading.Lock()
_log = {"pending": {}, "last_flush": time.monotonic()}


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
