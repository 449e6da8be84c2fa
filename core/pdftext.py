"""PDF text for the index, extracted with pypdf once per file version (cached in ExtractedText)."""

import logging

from pypdf import PdfReader

logger = logging.getLogger("search")

MAX_CHARS = 50_000


def extract(document):
    try:
        with document.open_file() as handle:
            reader = PdfReader(handle)
            parts, size = [], 0
            for page in reader.pages:
                text = page.extract_text() or ""
                parts.append(text)
                size += len(text)
                if size >= MAX_CHARS:
                    break
        return " ".join(" ".join(parts).split())[:MAX_CHARS]
    except Exception as exc:  # noqa: BLE001 - a broken file must never stop indexing
        logger.warning("PDF text extraction failed for document %s: %s", document.pk, exc)
        return ""


def file_version(document):
    """What identifies one version of a document's file (Wagtail's hash, else its name)."""
    return (document.file_hash or document.file.name)[:40]


def texts_for(documents):
    """{document_id: text} for PDF documents, extracting only new or replaced files."""
    from .models import ExtractedText

    pdfs = [doc for doc in documents if (doc.file_extension or "").lower() == "pdf"]
    if not pdfs:
        return {}
    cached = {row.document_id: row for row in ExtractedText.objects.filter(document_id__in=[d.pk for d in pdfs])}
    result, fresh = {}, {}
    for doc in pdfs:
        row = cached.get(doc.pk)
        if row and row.file_hash == file_version(doc):
            result[doc.pk] = row.text
        else:
            result[doc.pk] = fresh[doc] = extract(doc)
    remember_texts(fresh)
    return result


def remember_texts(texts):
    """Cache {document: text} for these files: what was extracted, or what a PDF's maker drew."""
    from .models import ExtractedText

    rows = [
        ExtractedText(document_id=doc.pk, file_hash=file_version(doc), text=text[:MAX_CHARS])
        for doc, text in texts.items()
    ]
    if rows:
        upsert = {"update_conflicts": True, "unique_fields": ["document_id"], "update_fields": ["file_hash", "text"]}
        ExtractedText.objects.bulk_create(rows, batch_size=500, **upsert)
