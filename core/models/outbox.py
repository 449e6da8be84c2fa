"""The e-mail outbox and the rate-limit counters: shared by every app that writes to people."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class OutgoingEmail(models.Model):
    """The outbox: written in the same transaction as the change it reports, sent by the worker, retried.

    A sender first claims the row until `claimed_until` (core.outbox): no other sender takes it
    meanwhile, and the claim of a sender killed mid-way expires. `related` is the object the e-mail
    is about (a submission, an application, an alert), any model or none; an app that wants
    `obj.emails` declares a GenericRelation("core.OutgoingEmail") on its model."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Abandonné"

    to = models.TextField("Destinataires", help_text="Une adresse par ligne.")
    subject = models.CharField("Objet", max_length=255)
    body = models.TextField("Message")
    # Extra headers of this message, e.g. List-Unsubscribe; never From, To or Subject.
    headers = models.JSONField("En-têtes", default=dict, blank=True)
    status = models.CharField("État", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField("Tentatives", default=0)
    last_error = models.TextField("Dernière erreur", blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="Objet lié (type)"
    )
    object_id = models.PositiveBigIntegerField("Objet lié (identifiant)", null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField("Créé le", default=timezone.now)
    last_attempt_at = models.DateTimeField("Dernière tentative", null=True, blank=True)
    next_attempt_at = models.DateTimeField("Prochaine tentative", null=True, blank=True)
    claimed_until = models.DateTimeField("En cours d'envoi jusqu'à", null=True, blank=True, editable=False)
    sent_at = models.DateTimeField("Envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="outbox_related")]

    def __str__(self):
        return self.subject

    @property
    def recipients(self):
        return [line.strip() for line in self.to.splitlines() if line.strip()]


class RateLimitCounter(models.Model):
    """Requests counted for one hashed client address, in one scope, over one fixed window.

    One row per client and window, incremented under a row lock (core/ratelimit.py), so
    concurrent requests can never pass the limit together. Old windows are pruned as new ones open."""

    scope = models.CharField(max_length=30)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="ratelimit_one_counter_per_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window_start")]

    def __str__(self):
        return f"{self.scope}:{self.key[:8]}:{self.count}"
