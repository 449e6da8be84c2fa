"""The resource index's background tasks, run by `manage.py worker` (core.background).

- `update_index(page_ids)`: enqueued in the transaction of every change that affects the index
  (`search.indexing.sync.record`); applies `sync()`. On an engine failure it enqueues itself again
  after a backoff (core.background.retry_later, at most 20 s apart), up to
  settings.SEARCH_INDEX_ATTEMPTS attempts, then fails (a FAILED row with the error); the periodic
  check below repairs what is left.
- `check_index()`: the periodic reconciliation (settings.PERIODIC_TASKS): compares the live public
  resources with the index and repairs the drift.

With the immediate backend (tests) a failure is logged, never raised into the editor's request.
"""

import logging
import time

from django.conf import settings
from django_tasks import task

from core import content_version
from core.background import defers, retry_later

logger = logging.getLogger("search")

UPDATE_PRIORITY = 50  # before the other background work: an editor waits to find the page
CHECK_PRIORITY = -50  # after everything: it only repairs
ENGINE_PAUSE = 5.0  # seconds a worker stops calling an engine that just failed (one timeout, not one per task)

_paused = {"until": 0.0}  # this worker process's, in time.monotonic()


class EnginePaused(Exception):
    """Not sent: the engine failed a moment ago (ENGINE_PAUSE), a frozen one would hold the worker again."""


@task(priority=UPDATE_PRIORITY)
def update_index(page_ids, attempt=1, refresh=True):
    from .indexing.sync import sync

    durable = defers(update_index)
    try:
        if durable and time.monotonic() < _paused["until"]:
            raise EnginePaused("the engine failed a moment ago in this worker")
        indexed = sync(page_ids, refresh=refresh)
    except Exception as exc:
        if not durable:
            logger.exception("Search index update failed for pages %s", page_ids)
            return {"failed": str(exc)}
        if not isinstance(exc, EnginePaused):
            _paused["until"] = time.monotonic() + ENGINE_PAUSE
        if attempt >= settings.SEARCH_INDEX_ATTEMPTS:
            logger.error("Search index update of pages %s abandoned after %s attempts", page_ids, attempt)
            raise  # the row is FAILED, with the error; search.tasks.check_index repairs the index
        retry_later(update_index, attempt, page_ids, refresh=refresh)
        logger.warning("Search index update of pages %s failed (attempt %s), retried: %s", page_ids, attempt, exc)
        return {"retried": attempt + 1, "error": str(exc)}
    _paused["until"] = 0.0
    content_version.bump()  # results cached before the index changed
    return {"indexed": indexed, "deleted": len(page_ids) - indexed}


@task(priority=CHECK_PRIORITY)
def check_index(repair=True):
    from .indexing import check

    if not check.engine_configured():
        return None
    drift = check.compare(timeout=settings.SEARCH_WRITE_TIMEOUT)
    if drift and repair:
        check.repair(drift, timeout=settings.SEARCH_WRITE_TIMEOUT)
        logger.warning("Search index drift repaired: %s", drift.summary())
    return drift.counts()
