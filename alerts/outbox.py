"""The alerts' e-mails go through the site's durable outbox (core/outbox.py: written in the change's
transaction, claimed and sent by the worker, retried), each with the unsubscribe headers of RFC 8058
and related to its alert, so that deleting the alert deletes them."""

from core import outbox
from core.addresses import absolute_url

from . import filters as alert_filters


def unsubscribe_headers(alert):
    """One-click unsubscribe (RFC 8058): a mail client POSTs "List-Unsubscribe=One-Click" to the URL."""
    return {
        "List-Unsubscribe": f"<{absolute_url(alert.unsubscribe_path())}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def queue(alert, template, context):
    """alerts/emails/<template>.txt (its first line is the subject) to the alert's address, in the
    outbox, in the current transaction. Returns the outbox row."""
    context = {
        **context,
        "alert": alert,
        "described": alert_filters.describe(alert.filters),
        "manage_url": absolute_url(alert.manage_path()),
        "unsubscribe_url": absolute_url(alert.unsubscribe_path()),
    }
    return outbox.queue_template(
        [alert.email], f"alerts/emails/{template}.txt", context, related=alert, headers=unsubscribe_headers(alert)
    )
