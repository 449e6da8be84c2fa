"""Housekeeping of the task queue itself, run by the worker."""

from django.core.management import call_command
from django_tasks import task

PRUNE_PRIORITY = -60  # after every other task


@task(priority=PRUNE_PRIORITY)
def prune_task_results_task():
    """Delete the rows of finished tasks: a day after a success, 30 days after a failure (kept to read
    its traceback in the admin). Every search adds one (search/querylog.py), so the table would grow."""
    call_command("prune_db_task_results", "--queue-name=*", "--min-age-days=1", "--failed-min-age-days=30", verbosity=0)
