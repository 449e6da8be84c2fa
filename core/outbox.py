"""The e-mail outbox.

An e-mail is first a row of OutgoingEmail, written in the same transaction as the change it
reports, with the worker's task that sends it (core.tasks). Any app queues its e-mails here:
`queue_email` (subject and body given) or `queue_template` (a template whose first line is the
subject), with the object they are about and extra headers if any. A sender claims a row
before it talks to the mail server, so two senders never send the same e-mail twice; the claim
lasts CLAIM_SECONDS, so a row whose sender was killed is sent by the next one. A failure leaves the
e-mail pending with its error and a later attempt (EMAIL_RETRY_SECONDS, doubling), up to
OUTBOX_MAX_ATTEMPTS; the worker's periodic sweep sends whatever is due.
`manage.py send_pending_emails` and the admin's "Renvoyer" send at once, through the same claims.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from core.background import enqueue_later, enqueue_on_commit

from .models import OutgoingEmail

logger = logging.getLogger("hub")

MAX_ATTEMPTS = 10
# Longer than any one delivery (Django's SMTP backend waits EMAIL_TIMEOUT per step, set in production).
CLAIM_SECONDS = 300
# The wait after the first failure, doubled after each one up to an hour: about 4 h of outage
# before an e-mail is given up (the admin can still send it again).
EMAIL_RETRY_SECONDS = 60
EMAIL_RETRY_CAP_SECONDS = 3600
SWEEP_LIMIT = 500  # e-mails one periodic run sends at most


def max_attempts():
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS)


def retry_delay(attempts):
    """Seconds before the next attempt, after `attempts` failed ones."""
    return min(EMAIL_RETRY_CAP_SECONDS, EMAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def queue_email(to, subject, body, related=None, headers=None):
    """Write an e-mail to the outbox and enqueue its sending, both in the current transaction.

    `related`: the model instance it is about, or None. `headers`: extra headers ({name: value})."""
    from .tasks import send_email_task

    recipients = [address for address in to if address]
    if not recipients:
        return None
    email = OutgoingEmail(
        to="\n".join(recipients),
        subject=" ".join(subject.split())[:255],
        body=body.strip() + "\n",
        headers=dict(headers or {}),
        related=related,
    )
    email.save()
    enqueue_on_commit(send_email_task, email.pk)
    return email


def render(template_name, context):
    """(subject, body) of a text template whose first line is the subject."""
    rendered = render_to_string(template_name, context).strip()
    subject, _, body = rendered.partition("\n")
    return subject.strip(), body.strip()


def queue_template(to, template_name, context, related=None, headers=None):
    subject, body = render(template_name, context)
    return queue_email(to, subject, body, related=related, headers=headers)


def _claimable(now):
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def claim(pk=None, due_only=True, exclude=()):
    """Claim one pending e-mail (this one, or the oldest due one) for CLAIM_SECONDS; its pk, or None.

    SKIP LOCKED on PostgreSQL: concurrent senders each take a different row. SQLite has one writer
    (the settings' BEGIN IMMEDIATE), so the read and the claim are never interleaved."""
    now = timezone.now()
    with transaction.atomic():
        rows = _claimable(now)
        if pk is not None:
            rows = rows.filter(pk=pk)
        if due_only:
            rows = rows.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        if exclude:
            rows = rows.exclude(pk__in=exclude)
        found = rows.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True).first()
        if found is not None:
            OutgoingEmail.objects.filter(pk=found).update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    return found


def deliver(pk):
    """Send one claimed e-mail and record the outcome. Return True when it went out. Never raises."""
    email = OutgoingEmail.objects.get(pk=pk)
    now = timezone.now()
    try:
        EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.recipients,
            headers=email.headers or None,
        ).send()
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server must leave the e-mail pending
        attempts = email.attempts + 1
        given_up = attempts >= max_attempts()
        OutgoingEmail.objects.filter(pk=pk).update(
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            last_attempt_at=now,
            status=OutgoingEmail.Status.FAILED if given_up else OutgoingEmail.Status.PENDING,
            next_attempt_at=None if given_up else now + timedelta(seconds=retry_delay(attempts)),
            claimed_until=None,
        )
        logger.warning("E-mail %s not sent (attempt %s): %s", pk, attempts, exc)
        if not given_up:
            from .tasks import send_email_task

            enqueue_later(send_email_task, retry_delay(attempts), pk)
        return False
    OutgoingEmail.objects.filter(pk=pk).update(
        attempts=email.attempts + 1,
        status=OutgoingEmail.Status.SENT,
        sent_at=now,
        last_attempt_at=now,
        last_error="",
        next_attempt_at=None,
        claimed_until=None,
    )
    return True


def send_email(pk, due_only=False):
    """Try to send one pending e-mail, unless another sender holds it. Return True when it went out."""
    claimed = claim(pk, due_only=due_only)
    return claimed is not None and deliver(claimed)


def send_due_emails(due_only=True, limit=SWEEP_LIMIT):
    """Send the pending e-mails (those due, or all), each at most once, one claim at a time.

    Return (sent, still_pending)."""
    sent, tried = 0, set()
    for _ in range(limit):
        pk = claim(due_only=due_only, exclude=tried)
        if pk is None:
            break
        tried.add(pk)
        sent += deliver(pk)
    return sent, OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count()


def send_pending_emails(include_failed=False):
    """Send every pending e-mail now, whatever its next attempt (and given-up ones if asked).

    Return (sent, still_pending)."""
    if include_failed:
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).update(status=OutgoingEmail.Status.PENDING)
    return send_due_emails(due_only=False)


def retry_email(email):
    """Put an e-mail back in the queue and try it now (admin action)."""
    OutgoingEmail.objects.filter(pk=email.pk).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.PENDING
    )
    return send_email(email.pk)
