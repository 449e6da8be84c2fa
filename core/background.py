"""Background work: django-tasks on its database backend, run by one worker (`manage.py worker`).

A task enqueued inside a transaction is a row of that transaction (django-tasks-db writes it at
once, not on commit): it is kept, or rolled back, with the change that needs it.

Periodic jobs are the tasks named in settings.PERIODIC_TASKS: when one finishes, its next run is
enqueued `seconds` later; the worker enqueues any that has no run waiting when it starts. The
library has neither periodic jobs nor retries; this module adds the two, on its own rows.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

logger = logging.getLogger("core.background")

RETRY_CAP_SECONDS = 20  # the longest wait between two attempts: the index catches up within it


def defers(task):
    """True when the task's backend keeps rows for later (the database backend, not the immediate one)."""
    return task.get_backend().supports_defer


def waiting(task):
    """True when a run of the task is enqueued and not started."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists()


def enqueue_later(task, seconds, *args, **kwargs):
    """Enqueue a run `seconds` from now. None when the backend cannot defer (tests' immediate one)."""
    if not defers(task):
        return None
    return task.using(run_after=timezone.now() + timedelta(seconds=seconds)).enqueue(*args, **kwargs)


def enqueue_on_commit(task, *args, **kwargs):
    """Enqueue as part of the current transaction: a row of it on the database backend (kept or rolled
    back with the change); after the commit on a backend that runs the task at once (tests), so the
    task never acts on a change that is rolled back, nor sees it half-made."""
    if defers(task):
        return task.enqueue(*args, **kwargs)
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)
    return None


def backoff(attempt):
    """Seconds before attempt number `attempt` (1, 2, 4… capped)."""
    return min(RETRY_CAP_SECONDS, 2 ** max(0, attempt - 1))


def retry_later(task, attempt, *args, **kwargs):
    """Enqueue the task again with attempt + 1, after the backoff; None without a deferring backend."""
    return enqueue_later(task, backoff(attempt), *args, attempt=attempt + 1, **kwargs)


def periodic_tasks():
    return {path: (import_string(path), seconds) for path, seconds in settings.PERIODIC_TASKS.items()}


def ensure_periodic():
    """Enqueue, to run now, every periodic task with no run waiting (a worker killed mid-run broke its chain)."""
    for task, _seconds in periodic_tasks().values():
        if defers(task) and not waiting(task):
            task.enqueue()


def _schedule_next_run(sender, task_result, **kwargs):
    seconds = settings.PERIODIC_TASKS.get(task_result.task.module_path)
    if seconds is None or not defers(task_result.task):
        return
    if not waiting(task_result.task):  # two chains (two workers started at once) merge into one
        enqueue_later(task_result.task, seconds)


def connect():
    task_finished.connect(_schedule_next_run, dispatch_uid="core.background.next_run")
