"""The outbox's tasks, run by the worker (core.background): one per new e-mail, and a periodic sweep."""

from django_tasks import task

from . import emails

EMAIL_PRIORITY = 0  # below the search index's records, above the kit archives and the query log


@task(priority=EMAIL_PRIORITY)
def send_email_task(email_id):
    """Send one e-mail once it is due; nothing when another sender has it or it went out already."""
    return emails.send_email(email_id, due_only=True)


@task(priority=EMAIL_PRIORITY)
def send_due_emails_task():
    """The periodic sweep: every pending e-mail whose next attempt is due (a lost task, an expired claim)."""
    sent, pending = emails.send_due_emails()
    return {"sent": sent, "pending": pending}
