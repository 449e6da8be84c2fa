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

from django.conf import settings
from django_tasks import task

from core import content_version
from core.background import defers, retry_later

logger = logging.getLogger("search")

UPDATE_PRIORITY = 50  # before the other background work: an editor waits to find the page
CHECK_PRIORITY = -50  # after everything: it only repairs


@task(priority=UPDATE_PRIORITY)
def update_index(page_ids, attempt=1, refresh=True):
    from .indexing.sync import sync

    try:
        indexed = sync(page_ids, refresh=refresh)
    except Exception as exc:
        if not defers(update_index):
            logger.exception("Search index update failed for pages %s", page_ids)
            return {"failed": str(exc)}
        if attempt >= settings.SEARCH_INDEX_ATTEMPTS:
            logger.error("Search index update of pages %s abandoned after %s attempts", page_ids, attempt)
            raise  # the row is FAILED, with the error; search.tasks.check_index repairs the index
        retry_later(update_index, attempt, page_ids, refresh=refresh)
        logger.warning("Search index update of pages %s failed (attempt %s), retried: %s", page_ids, attempt, exc)
        return {"retried": attempt + 1, "error": str(exc)}
    content_version.bump()  # results cached before the index changed
    return {"indexed": indexed, "deleted": len(page_ids) - indexed}


@task(priority=CHECK_PRIORITY)
def check_index(repair=True):
    from .indexing import check

    if not check.engine_configured():
        return None
    drift = check.compare()
    if drift and repair:
        check.repair(drift)
        logger.warning("Search index drift repaired: %s", drift.summary())
    return drift.counts()
