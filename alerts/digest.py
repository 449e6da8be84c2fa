"""The digests: for each alert whose turn has come, the new public resources that match it, once.

A resource is new for an alert when it was first published after the alert was confirmed and has
not been in one of its digests yet. The resources listed are recorded (Delivery) in the transaction
that writes the digest to the outbox: both are kept, or neither. An edit or a republication does not
change `first_published_at`, and a recorded resource is never listed again. The alert's row is locked
(SKIP LOCKED on PostgreSQL; SQLite's single writer elsewhere) and its turn moved in the same
transaction, so two workers never build the same digest. Past the outbox, an e-mail whose sender
died after the mail server took it and before it was marked sent can go out twice: the outbox's
claim is the only guard there (docs/alerts.md).
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.addresses import absolute_url
from core.models.base import private_section_paths
from publications.models import ResourcePage

from . import filters as alert_filters
from . import outbox
from .models import Alert, Delivery

logger = logging.getLogger("hub")

DIGEST_SIZE = 30  # resources per digest; the rest wait for the next one
BATCH = 200  # alerts per run


def public_resources():
    """Live resources outside every view restriction, read afresh (the worker keeps no page memo)."""
    resources = ResourcePage.objects.live()
    inside = Q()
    for path in private_section_paths():
        inside |= Q(path__startswith=path)
    return resources.exclude(inside) if inside else resources


def new_resources(alert):
    delivered = Delivery.objects.filter(alert=alert).values("page_id")
    resources = alert_filters.matches(public_resources(), alert.filters)
    return (
        resources.filter(first_published_at__gt=alert.confirmed_at)
        .exclude(pk__in=delivered)
        .order_by("first_published_at", "pk")
    )


def due_alerts(now):
    return Alert.objects.filter(confirmed_at__isnull=False, next_digest_at__lte=now)


def send_digest(alert_pk, now=None):
    """Build and queue one alert's digest if its turn has come. Returns the number of resources sent."""
    now = now or timezone.now()
    with transaction.atomic():
        alert = due_alerts(now).filter(pk=alert_pk).select_for_update(skip_locked=True).first()
        if alert is None:  # another worker has it, or has just sent it
            return 0
        resources = list(new_resources(alert)[: DIGEST_SIZE + 1])
        more = len(resources) > DIGEST_SIZE
        resources = resources[:DIGEST_SIZE]
        alert.next_digest_at = now + alert.period
        alert.save(update_fields=["next_digest_at"])
        if not resources:
            return 0
        Delivery.objects.bulk_create([Delivery(alert=alert, page_id=page.pk) for page in resources])
        items = [
            {"title": page.title, "url": absolute_url(page.get_url()), "summary": page.summary, "kind": page.kind}
            for page in resources
        ]
        outbox.queue(
            alert,
            "digest",
            {
                "items": items,
                "more": more,
                "summary": alert_filters.summary(alert.filters),
                "search_url": absolute_url(alert_filters.search_path(alert.filters)),
            },
        )
    return len(resources)


def send_digests(now=None, limit=BATCH):
    """Every due alert's digest; returns (alerts looked at, resources sent)."""
    now = now or timezone.now()
    pks = list(due_alerts(now).order_by("next_digest_at", "pk").values_list("pk", flat=True)[:limit])
    sent = 0
    for pk in pks:
        sent += send_digest(pk, now)
    return len(pks), sent
