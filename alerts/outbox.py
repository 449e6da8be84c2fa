"""The alerts' e-mails go through the site's durable outbox (written in the change's transaction,
claimed and sent by the worker, retried), with the unsubscribe headers of RFC 8058."""

from django.template.loader import render_to_string

from bonnes_pratiques import emails as outbox_emails
from bonnes_pratiques.models import OutgoingEmail
from core.addresses import absolute_url
from core.background import enqueue_on_commit

from . import filters as alert_filters
from .models import Message


def unsubscribe_headers(alert):
    """One-click unsubscribe (RFC 8058): a mail client POSTs "List-Unsubscribe=One-Click" to the URL."""
    return {
        "List-Unsubscribe": f"<{absolute_url(alert.unsubscribe_path())}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def queue(alert, template, context):
    """Render alerts/emails/<template>.txt (its first line is the subject) for the alert's address,
    write it to the outbox with its headers, in the current transaction. Returns the outbox row."""
    from bonnes_pratiques.tasks import send_email_task

    context = {
        **context,
        "alert": alert,
        "described": alert_filters.describe(alert.filters),
        "manage_url": absolute_url(alert.manage_path()),
        "unsubscribe_url": absolute_url(alert.unsubscribe_path()),
    }
    rendered = render_to_string(f"alerts/emails/{template}.txt", context).strip()
    subject, _, body = rendered.partition("\n")
    email = OutgoingEmail.objects.create(to=alert.email, subject=subject.strip()[:255], body=body.strip() + "\n")
    Message.objects.create(alert=alert, outbox_id=email.pk)
    enqueue_on_commit(send_email_task, email.pk)
    return email


def delete(outbox_ids):
    OutgoingEmail.objects.filter(pk__in=list(outbox_ids)).delete()


__all__ = ["queue", "delete", "unsubscribe_headers", "outbox_emails"]
