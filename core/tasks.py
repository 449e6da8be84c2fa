"""Core's tasks, run by the worker: the e-mail outbox, and the housekeeping of the task queue itself."""

from django.core.management import call_command
from django_tasks import task

from . import outbox

EMAIL_PRIORITY = 0  # below the search index's records, above the kit archives and the query log
PRUNE_PRIORITY = -60  # after every other task


@task(priority=EMAIL_PRIORITY)
def send_email_task(email_id):
    """Send one e-mail once it is due; nothing when another sender has it or it went out already."""
    return outbox.send_email(email_id, due_only=True)


@task(priority=EMAIL_PRIORITY)
def send_due_emails_task():
    """The periodic sweep: every pending e-mail whose next attempt is due (a lost task, an expired claim)."""
    sent, pending = outbox.send_due_emails()
    return {"sent": sent, "pending": pending}


@task(priority=PRUNE_PRIORITY)
def prune_task_results_task():
    """Delete the rows of finished tasks: a day after a success, 30 days after a failure (kept to read
    its traceback in the admin). Every search adds one (search/querylog.py), so the table would grow."""
    call_command("prune_db_task_results", "--queue-name=*", "--min-age-days=1", "--failed-min-age-days=30", verbosity=0)
