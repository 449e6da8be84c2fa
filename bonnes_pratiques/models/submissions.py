"""Community submissions ("propositions"), their files and their history. Their e-mails are rows of the
outbox (core.OutgoingEmail), related to the submission."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..choices import REGION_CHOICES, STRUCTURE_TYPE_CHOICES
from ..storage import get_private_storage


def new_token():
    return secrets.token_urlsafe(32)


def submission_file_path(instance, filename):
    # A random directory per file: names never collide and are never guessable.
    return f"propositions/{timezone.now():%Y/%m}/{secrets.token_hex(12)}/{filename}"


finess_validator = RegexValidator(r"^\d{9}$", "Le numéro FINESS comporte exactement 9 chiffres.")


class Submission(models.Model):
    """Everything a submitter typed, kept as typed. Moderators turn it into a BonnePratiquePage."""

    class Status(models.TextChoices):
        NEW = "nouvelle", "Nouvelle"
        CHANGES_REQUESTED = "modifications_demandees", "Modifications demandées"
        ACCEPTED = "acceptee", "Acceptée"
        REJECTED = "refusee", "Refusée"

    reference = models.CharField("Référence", max_length=20, unique=True, null=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField("Statut", max_length=30, choices=Status.choices, default=Status.NEW, db_index=True)

    structure_name = models.CharField("Nom de la structure", max_length=200)
    structure_type = models.CharField("Type de structure", max_length=30, choices=STRUCTURE_TYPE_CHOICES)
    region = models.CharField("Région", max_length=40, choices=REGION_CHOICES, db_index=True)
    finess = models.CharField("Numéro FINESS", max_length=9, blank=True, validators=[finess_validator])

    contact_name = models.CharField("Nom du contact", max_length=200)
    contact_role = models.CharField("Fonction du contact", max_length=200)
    contact_email = models.EmailField("Courriel du contact")

    title = models.CharField("Titre de l'initiative", max_length=255)
    context = models.TextField("Contexte (le problème)")
    actions = models.TextField("Ce qui a été fait")
    results = models.TextField("Résultats et impact")
    figures = models.TextField("Chiffres clés", blank=True)
    lessons = models.TextField("Enseignements et difficultés rencontrées")

    themes = models.ManyToManyField("publications.Theme", verbose_name="Thèmes", related_name="submissions")
    audiences = models.ManyToManyField(
        "publications.Audience", verbose_name="Publics cibles", related_name="submissions", blank=True
    )

    consent_publication = models.BooleanField("Accord pour la publication", default=False)
    consent_publication_at = models.DateTimeField("Accord de publication donné le", null=True, blank=True)
    consent_contact = models.BooleanField("Accord pour l'usage des coordonnées (RGPD)", default=False)
    consent_contact_at = models.DateTimeField("Accord RGPD donné le", null=True, blank=True)

    page = models.ForeignKey(
        "bonnes_pratiques.BonnePratiquePage",
        verbose_name="Page créée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    published_notified_at = models.DateTimeField("Publication notifiée le", null=True, blank=True, editable=False)
    # The outbox rows about this submission (OutgoingEmail.objects.filter(submission=...) too).
    emails = GenericRelation("core.OutgoingEmail", related_query_name="submission")

    created_at = models.DateTimeField("Reçue le", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("Mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "proposition"
        verbose_name_plural = "propositions"
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_submission", "Peut modérer les propositions de bonnes pratiques")]

    def __str__(self):
        return f"{self.reference or '—'} · {self.title}"

    @staticmethod
    def make_reference(pk, when):
        return f"BP-{when:%Y}-{pk:06d}"

    def get_status_url(self):
        return reverse("bonnes_pratiques:status", args=[self.token])

    def get_absolute_status_url(self):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.get_status_url()


class SubmissionFile(models.Model):
    """A checked attachment. `submission` is empty while the file only belongs to a form draft."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        IMAGE = "image", "Image"
        OFFICE = "office", "Document bureautique"

    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="files", verbose_name="Proposition"
    )
    draft_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    file = models.FileField("Fichier", upload_to=submission_file_path, storage=get_private_storage, max_length=255)
    original_name = models.CharField("Nom d'origine", max_length=255)
    name = models.CharField("Nom", max_length=150)
    content_type = models.CharField("Type", max_length=120)
    kind = models.CharField("Nature", max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField("Taille (octets)")
    created_at = models.DateTimeField("Déposé le", default=timezone.now)
    # What the file became when the submission was accepted.
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        getattr(settings, "WAGTAILIMAGES_IMAGE_MODEL", "wagtailimages.Image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_image(self):
        return self.kind == self.Kind.IMAGE

    @property
    def extension(self):
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""


class SubmissionEvent(models.Model):
    """One line of a submission's history: who did what, when, from which status to which."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Proposition déposée"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        SUBMITTER_REPLY = "submitter_reply", "Réponse du déposant"
        ACCEPTED = "accepted", "Acceptée"
        REJECTED = "rejected", "Refusée"
        PUBLISHED = "published", "Publiée"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("Événement", max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="Par"
    )
    actor_label = models.CharField("Auteur", max_length=200, blank=True)
    from_status = models.CharField("Statut avant", max_length=30, choices=Submission.Status.choices, blank=True)
    to_status = models.CharField("Statut après", max_length=30, choices=Submission.Status.choices, blank=True)
    message = models.TextField("Message", blank=True)
    visible_to_submitter = models.BooleanField(default=True)
    created_at = models.DateTimeField("Date", default=timezone.now)

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "historique"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%d/%m/%Y %H:%M})"


class UsedFormToken(models.Model):
    """A fill-time token of the proposal form that has been sent once: a second use is a replay."""

    nonce = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.nonce[:8]
