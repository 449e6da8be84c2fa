"""The Wagtail admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): uploads are inspected by content."""

import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from core.filecheck import FileRefused, check_editor_upload


class HubDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file, not the one already stored
            extension = os.path.splitext(upload.name)[1].lstrip(".")
            try:
                check_editor_upload(upload, extension)
            except FileRefused as refused:
                raise ValidationError(f"Ce fichier est refusé : {refused.reason}", code="refused") from None
        return upload
