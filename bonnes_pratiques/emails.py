"""The e-mail outbox.

An e-mail is first a row of OutgoingEmail, written in the same transaction as the change it
reports. It is sent once that transaction commits; a failing mail server leaves it pending
with its error, and `manage.py send_pending_emails` (or the admin's "Renvoyer") retries it.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger("hub")

MAX_ATTEMPTS = 10
MODERATORS_GROUP = "Modérateurs"


def max_attempts():
    return getattr(settings, "BONNES_PRATIQUES_EMAIL_MAX_ATTEMPTS", MAX_ATTEMPTS)


def moderator_recipients():
    """Addresses of the active members of "Modérateurs", plus settings.MODERATION_NOTIFY_EMAILS."""
    emails = list(getattr(settings, "MODERATION_NOTIFY_EMAILS", []) or [])
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MODERATORS_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    for email in users:
        if email not in emails:
            emails.append(email)
    return emails


def queue_email(to, template, context, submission=None):
    """Write an e-mail to the outbox; it is sent after the current transaction commits.

    `template` names bonnes_pratiques/emails/<template>.txt whose first line is the subject.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return None
    rendered = render_to_string(f"bonnes_pratiques/emails/{template}.txt", context).strip()
    subject, _, body = rendered.partition("\n")
    email = OutgoingEmail.objects.create(
        to="\n".join(recipients), subject=subject.strip()[:255], body=body.strip() + "\n", submission=submission
    )
    transaction.on_commit(lambda: send_email(email.pk), robust=True)
    return email


def send_email(pk):
    """Try to send one pending e-mail. Return True when it went out. Never raises."""
    email = OutgoingEmail.objects.filter(pk=pk, status=OutgoingEmail.Status.PENDING).first()
    if email is None:
        return False
    now = timezone.now()
    try:
        EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.recipients,
        ).send()
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server must leave the e-mail pending
        attempts = email.attempts + 1
        status = OutgoingEmail.Status.FAILED if attempts >= max_attempts() else OutgoingEmail.Status.PENDING
        OutgoingEmail.objects.filter(pk=pk).update(
            attempts=attempts, last_error=f"{type(exc).__name__}: {exc}"[:2000], last_attempt_at=now, status=status
        )
        logger.warning("E-mail %s not sent (attempt %s): %s", pk, attempts, exc)
        return False
    OutgoingEmail.objects.filter(pk=pk).update(
        attempts=email.attempts + 1, status=OutgoingEmail.Status.SENT, sent_at=now, last_attempt_at=now, last_error=""
    )
    return True


def send_pending_emails(include_failed=False):
    """Send every pending e-mail (and given-up ones if asked). Return (sent, still_pending)."""
    statuses = [OutgoingEmail.Status.PENDING]
    if include_failed:
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).update(status=OutgoingEmail.Status.PENDING)
    ids = list(OutgoingEmail.objects.filter(status__in=statuses).order_by("pk").values_list("pk", flat=True))
    sent = sum(1 for pk in ids if send_email(pk))
    return sent, len(ids) - sent


def retry_email(email):
    """Put an e-mail back in the queue and try it now (admin action)."""
    OutgoingEmail.objects.filter(pk=email.pk).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.PENDING
    )
    return send_email(email.pk)
