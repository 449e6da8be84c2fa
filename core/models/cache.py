"""Rows the content version and PDF text extraction keep (their tables keep the names they had in
the search app, where they were created: the move to core changed no data)."""

from django.db import models


class CacheVersion(models.Model):
    """One row: bumped when labels, synonyms or promotions change, so every worker reloads its cache."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "search_cacheversion"

    def __str__(self):
        return str(self.value)


class ExtractedText(models.Model):
    """Text extracted from a document file, keyed by its hash: extraction is the slow part of indexing."""

    document_id = models.PositiveIntegerField(primary_key=True)
    file_hash = models.CharField(max_length=40)
    text = models.TextField(blank=True)

    class Meta:
        db_table = "search_extractedtext"

    def __str__(self):
        return f"document {self.document_id}"
