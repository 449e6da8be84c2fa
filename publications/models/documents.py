import io
import logging

from django.db import models
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from wagtail.documents.models import AbstractDocument, Document

logger = logging.getLogger("hub")


def count_pdf_pages(file):
    """Page count of a PDF file object, or None when it cannot be read."""
    try:
        file.seek(0)
        # pypdf reads byte by byte: through Django's file wrappers that costs double.
        return len(PdfReader(io.BytesIO(file.read())).pages)
    except (PyPdfError, ValueError, OSError) as exc:
        logger.warning("Unreadable PDF %s: %s", getattr(file, "name", "?"), exc)
        return None
    finally:
        file.seek(0)


class HubDocument(AbstractDocument):
    """A Wagtail document that knows its page count, shown next to each download."""

    page_count = models.PositiveIntegerField("Nombre de pages", null=True, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
        permissions = [("choose_document", "Can choose document")]

    @property
    def format_label(self):
        return (self.file_extension or "fichier").upper()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_file_name = instance.__dict__.get("file") and instance.file.name
        return instance

    def save(self, *args, **kwargs):
        # On a new upload or a replacement, record size, hash and PDF page count.
        # `_file_changed` tells post_save receivers (kit archives) the file is new.
        self._file_changed = bool(self.file) and self.file.name != getattr(self, "_stored_file_name", None)
        if self._file_changed:
            self._set_document_file_metadata()
            if self.file_extension.lower() == "pdf":
                # A maker that generated the file (the importer) already knows its page count.
                self.page_count = self.__dict__.pop("known_page_count", None) or count_pdf_pages(self.file)
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name if self.file else None
