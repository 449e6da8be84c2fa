"""Stored kit archives and anonymous download counters."""

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q


class KitArchive(models.Model):
    """The ZIP behind "Télécharger le kit", built on publication and kept in the default storage.

    `content_hash` fingerprints its inputs (documents, files, titles, roles) so
    a rebuild is skipped when nothing changed. See publications.kits.
    """

    kit = models.OneToOneField("publications.KitPage", on_delete=models.CASCADE, related_name="archive")
    file = models.FileField("Archive ZIP", upload_to="kits/", max_length=255)
    file_size = models.PositiveBigIntegerField("Taille", default=0)
    file_count = models.PositiveIntegerField("Nombre de fichiers", default=0)
    content_hash = models.CharField("Empreinte du contenu", max_length=64)
    built_at = models.DateTimeField("Générée le")

    class Meta:
        verbose_name = "archive de kit"
        verbose_name_plural = "archives de kits"

    def __str__(self):
        return self.file.name


def month_start(day=None):
    day = day or datetime.date.today()
    return day.replace(day=1)


class DownloadCount(models.Model):
    """How many times a document or a kit ZIP was downloaded in a month.

    Deliberately anonymous: a counter per file and month, nothing about who
    downloaded (no IP address, user agent, cookie or account).
    """

    document = models.ForeignKey(
        "publications.HubDocument",
        verbose_name="Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="download_counts",
    )
    kit = models.ForeignKey(
        "publications.KitPage",
        verbose_name="Kit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="download_counts",
    )
    month = models.DateField("Mois", db_index=True)
    count = models.PositiveIntegerField("Téléchargements", default=0)

    class Meta:
        verbose_name = "compteur de téléchargements"
        verbose_name_plural = "compteurs de téléchargements"
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, kit__isnull=True) | Q(document__isnull=True, kit__isnull=False),
                name="downloadcount_document_xor_kit",
            ),
            models.UniqueConstraint(
                fields=["document", "month"], condition=Q(document__isnull=False), name="downloadcount_document_month"
            ),
            models.UniqueConstraint(
                fields=["kit", "month"], condition=Q(kit__isnull=False), name="downloadcount_kit_month"
            ),
        ]

    def __str__(self):
        return f"{self.document_id or self.kit_id} {self.month:%Y-%m}: {self.count}"

    @classmethod
    def increment(cls, *, document=None, kit=None, day=None):
        """Add one download for this month, safely under concurrency.

        An atomic UPDATE … SET count = count + 1; on the month's first download
        the row is created, and a concurrent creator (unique constraint) falls
        back to the UPDATE.
        """
        lookup = (
            {"document": document, "month": month_start(day)} if document else {"kit": kit, "month": month_start(day)}
        )
        if cls.objects.filter(**lookup).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(count=1, **lookup)
        except IntegrityError:
            cls.objects.filter(**lookup).update(count=F("count") + 1)
