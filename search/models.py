from django.db import models
from django.db.models import F
from django.utils import timezone


class Synonym(models.Model):
    """A group of equivalent terms, expanded at query time (no reindex needed)."""

    terms = models.TextField(
        "Termes équivalents",
        help_text="Séparés par des virgules, par exemple : HAD, hospitalisation à domicile. "
        "Pris en compte dès la recherche suivante, sans réindexation.",
    )
    updated_at = models.DateTimeField("Modifié le", auto_now=True)

    class Meta:
        verbose_name = "synonyme"
        verbose_name_plural = "synonymes"
        ordering = ["terms"]

    def __str__(self):
        return self.terms


class QueryLog(models.Model):
    """Searches per normalised query and day, for the editors' report."""

    query = models.CharField("Recherche", max_length=200)
    day = models.DateField("Jour", default=timezone.localdate)
    searches = models.PositiveIntegerField("Recherches", default=0)
    zero_results = models.PositiveIntegerField("Recherches sans résultat", default=0)

    class Meta:
        verbose_name = "journal de recherche"
        verbose_name_plural = "journal des recherches"
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="search_querylog_unique_day")]

    def __str__(self):
        return f"{self.query} ({self.day})"

    @classmethod
    def record(cls, query, count):
        query = query[:200]
        if query:
            cls.add(query, timezone.localdate(), 1, 1 if count == 0 else 0)

    @classmethod
    def add(cls, query, day, searches, zero_results):
        updates = {"searches": F("searches") + searches, "zero_results": F("zero_results") + zero_results}
        if not cls.objects.filter(query=query, day=day).update(**updates):
            obj, created = cls.objects.get_or_create(query=query, day=day)
            if created:
                cls.objects.filter(pk=obj.pk).update(**updates)
            else:
                cls.objects.filter(query=query, day=day).update(**updates)
