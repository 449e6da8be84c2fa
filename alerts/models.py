"""Theme alerts by e-mail, without an account.

An address exists only in its Alert rows and their outbox e-mails: unsubscribing deletes the alert,
its delivery records and its e-mails (alerts.services.delete_alert), so nothing of the address is left.
"""

import datetime
import secrets

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse


def new_token():
    return secrets.token_urlsafe(32)


def new_nonce():
    return secrets.token_urlsafe(12)


class Alert(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "hebdomadaire", "Chaque semaine"
        DAILY = "quotidienne", "Chaque jour"

    PERIODS = {Frequency.WEEKLY: datetime.timedelta(days=7), Frequency.DAILY: datetime.timedelta(days=1)}

    email = models.EmailField("Courriel")
    # The facet registry's parameters and values (alerts.filters.canonical): {param: [values]}.
    filters = models.JSONField("Filtres")
    filters_key = models.CharField(max_length=64, editable=False)
    frequency = models.CharField("Fréquence", max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    # The manage and unsubscribe links' secret; the confirmation link is signed (alerts.links).
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Part of the signed confirmation link, replaced once it has served: a replayed link fails.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField("Demandée le", auto_now_add=True)
    confirmed_at = models.DateTimeField("Confirmée le", null=True, blank=True)
    notice_sent_at = models.DateTimeField("Dernier courriel de confirmation", null=True, blank=True)
    next_digest_at = models.DateTimeField("Prochain envoi", null=True, blank=True, db_index=True)
    # Its outbox e-mails (they hold the address): deleted with the alert.
    emails = GenericRelation("core.OutgoingEmail", related_query_name="alert")

    class Meta:
        verbose_name = "alerte"
        constraints = [models.UniqueConstraint(fields=["email", "filters_key"], name="alerts_one_alert_per_search")]

    def __str__(self):
        return f"{self.email} {self.filters}"

    @property
    def period(self):
        return self.PERIODS[self.frequency]

    def manage_path(self):
        return reverse("alerts:manage", args=[self.token])

    def unsubscribe_path(self):
        return reverse("alerts:unsubscribe", args=[self.token])


class Delivery(models.Model):
    """A resource sent to an alert, recorded in the transaction that writes the digest to the outbox:
    a resource goes into at most one digest of an alert (the unique constraint is the last guard)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "page"], name="alerts_one_delivery_per_page")]

    def __str__(self):
        return f"{self.alert_id}:{self.page_id}"
