"""Subscribing, confirming, changing and deleting an alert: each in one transaction, with its e-mail
written to the outbox in the same transaction."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import filters as alert_filters
from . import links, outbox
from .models import Alert, new_nonce

logger = logging.getLogger("hub")

# At most one e-mail per address and alert in this time, whatever is asked: a stranger cannot flood
# an address with confirmation requests, and the answer is the same for a new or a known address.
NOTICE_COOLDOWN = datetime.timedelta(minutes=10)

REPLAYED = (
    "Ce lien de confirmation a déjà servi, ou l'alerte a été supprimée depuis. "
    "Pour modifier une alerte, suivez le lien « Gérer mon alerte » de nos courriels."
)


def normalise_email(email):
    return email.strip().lower()


def subscribe(email, filters, frequency):
    """Ask for an alert. The visitor sees the same answer in every case; the address receives a
    confirmation link (new or unconfirmed alert) or, for an alert already confirmed, a link to manage it."""
    email = normalise_email(email)
    key = alert_filters.key(filters)
    now = timezone.now()
    try:
        with transaction.atomic():
            alert, created = Alert.objects.select_for_update().get_or_create(
                email=email, filters_key=key, defaults={"filters": filters, "frequency": frequency}
            )
            if not created and alert.notice_sent_at and now - alert.notice_sent_at < NOTICE_COOLDOWN:
                return
            if alert.confirmed_at is None:
                alert.frequency = frequency
                outbox.queue(alert, "confirm", {"confirm_url": links_url(alert), "days": confirm_days()})
            else:
                outbox.queue(alert, "already", {})
            alert.notice_sent_at = now
            alert.save(update_fields=["frequency", "notice_sent_at"])
    except IntegrityError:  # the same request at the same moment: that one answers
        logger.info("Alerts: concurrent subscription for the same alert, one kept.")


def links_url(alert):
    from core.addresses import absolute_url

    return absolute_url(links.confirm_path(alert))


def confirm_days():
    return max(1, links.confirm_seconds() // 86400)


def pending_alert(token):
    """The unconfirmed alert a confirmation token names, or LinkError (invalid, expired, replayed)."""
    pk, nonce = links.read(token)
    alert = Alert.objects.filter(pk=pk, nonce=nonce, confirmed_at__isnull=True).first()
    if alert is None:
        raise links.LinkError(REPLAYED)
    return alert


def confirm(token):
    """Confirm the alert of a confirmation link, once. Returns the alert, or LinkError."""
    pk, nonce = links.read(token)
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=pk, nonce=nonce, confirmed_at__isnull=True).first()
        if alert is None:
            raise links.LinkError(REPLAYED)
        alert.confirmed_at = now
        alert.nonce = new_nonce()
        alert.next_digest_at = now + alert.period
        alert.save(update_fields=["confirmed_at", "nonce", "next_digest_at"])
    return alert


def change_frequency(alert, frequency):
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        alert.frequency = frequency
        if alert.confirmed_at is not None:
            soonest = timezone.now() + alert.period
            alert.next_digest_at = min(alert.next_digest_at or soonest, soonest)
        alert.save(update_fields=["frequency", "next_digest_at"])
    return alert


def delete_alert(token):
    """Delete the alert and everything that holds its address: its deliveries and its outbox e-mails
    (sent or not). True when there was one."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(token=token).first()
        if alert is None:
            return False
        alert.delete()  # its deliveries (cascade) and its e-mails (GenericRelation) with it
    return True


def purge_unconfirmed(now=None):
    """Alerts never confirmed, whose link has expired: deleted like an unsubscription."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=links.confirm_seconds())
    removed = 0
    # The last link sent has expired (a new request sends a new one and moves notice_sent_at).
    expired = Q(notice_sent_at__lt=cutoff) | Q(notice_sent_at__isnull=True, created_at__lt=cutoff)
    for token in Alert.objects.filter(expired, confirmed_at__isnull=True).values_list("token", flat=True)[:500]:
        removed += delete_alert(token)
    return removed
