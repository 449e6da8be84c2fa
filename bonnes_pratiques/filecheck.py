"""Check uploaded files by their content, never by their name, and give each refusal a clear French reason."""

import os
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.text import get_valid_filename, slugify

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 5
NAME_MAX_LENGTH = 80

IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}
OOXML_MARKERS = {
    "word/document.xml": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/workbook.xml": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/presentation.xml": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
OOXML_MARKERS_MIMES = {mime for _ext, mime in OOXML_MARKERS.values()}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
ARCHIVE_MIMES = {
    "application/zip",
    "application/x-rar-compressed",
    "application/x-7z-compressed",
    "application/gzip",
    "application/x-tar",
    "application/x-bzip2",
    "application/x-xz",
    "application/x-lzip",
    "application/zstd",
    "application/x-compress",
    "application/vnd.ms-cab-compressed",
    "application/x-unix-archive",
    "application/x-deb",
    "application/x-rpm",
    "application/x-brotli",
    "application/x-lzop",
    "application/x-lz4",
    "application/x-google-chrome-extension",
    "application/epub+zip",
}
EXECUTABLE_MIMES = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-elf",
    "application/x-mach-binary",
    "application/x-sharedlib",
    "application/x-dex",
    "application/wasm",
    "application/vnd.microsoft.portable-executable",
}
MARKUP_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<meta", b"<a ", b"<div")

REASON_HTML = "les pages HTML ne sont pas acceptées."
REASON_SVG = "les images SVG ne sont pas acceptées (elles peuvent contenir du code)."
REASON_EXECUTABLE = "les programmes et scripts exécutables ne sont pas acceptés."
REASON_ARCHIVE = (
    "les archives compressées (ZIP, RAR, 7z, gz, tar…) ne sont pas acceptées : joignez les fichiers un à un."
)
REASON_MACRO = "les documents bureautiques contenant des macros ne sont pas acceptés : enregistrez-le sans macros."
REASON_UNKNOWN = (
    "ce type de fichier n'est pas accepté (formats acceptés : PDF, images PNG, JPEG, WebP ou GIF, "
    "documents Word, Excel, PowerPoint ou OpenDocument)."
)
REASON_EMPTY = "le fichier est vide."


class FileRefused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class CheckedFile:
    extension: str
    content_type: str
    kind: str  # "pdf", "image" or "office"


def max_file_size():
    return getattr(settings, "BONNES_PRATIQUES_MAX_FILE_SIZE", MAX_FILE_SIZE)


def max_files():
    return getattr(settings, "BONNES_PRATIQUES_MAX_FILES", MAX_FILES)


def human_size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
    if size >= 1024:
        return f"{size // 1024} ko"
    return f"{size} octets"


def _check_zip(upload):
    """Tell an office document from a plain archive; refuse macro-enabled documents."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            lowered = [name.lower() for name in names]
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in ODF_TYPES:
                    if any(name.startswith(("basic/", "scripts/")) for name in lowered):
                        raise FileRefused(REASON_MACRO)
                    return CheckedFile(ODF_TYPES[mimetype], mimetype, "office")
                raise FileRefused(REASON_ARCHIVE)
            if "[Content_Types].xml" in names:
                content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
                if any(name.endswith("vbaproject.bin") for name in lowered) or "macroenabled" in content_types:
                    raise FileRefused(REASON_MACRO)
                for marker, (extension, mime) in OOXML_MARKERS.items():
                    if marker in names:
                        return CheckedFile(extension, mime, "office")
            raise FileRefused(REASON_ARCHIVE)
    except zipfile.BadZipFile as exc:
        raise FileRefused(REASON_ARCHIVE) from exc
    finally:
        upload.seek(0)


def _looks_like_markup(head):
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n\x00").lower().replace(b"\x00", b"")
    if b"<svg" in text[:4096]:
        return REASON_SVG
    if text.startswith(b"<") or any(marker in text[:4096] for marker in MARKUP_MARKERS):
        return REASON_HTML
    return None


def check_upload(upload):
    """Return a CheckedFile for an accepted upload or raise FileRefused with the reason."""
    if upload.size == 0:
        raise FileRefused(REASON_EMPTY)
    if upload.size > max_file_size():
        raise FileRefused(f"le fichier pèse {human_size(upload.size)}, la limite est de {human_size(max_file_size())}.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"#!"):
        raise FileRefused(REASON_EXECUTABLE)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/pdf":
        return CheckedFile("pdf", mime, "pdf")
    if mime in IMAGE_TYPES:
        return CheckedFile(IMAGE_TYPES[mime], mime, "image")
    if mime in EXECUTABLE_MIMES or head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        raise FileRefused(REASON_EXECUTABLE)
    if mime in OOXML_MARKERS_MIMES or mime in ODF_TYPES or mime == "application/zip" or head.startswith(b"PK\x03\x04"):
        return _check_zip(upload)
    if mime in ARCHIVE_MIMES:
        raise FileRefused(REASON_ARCHIVE)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # Legacy binary office files (.doc/.xls/.ppt) may carry macros we cannot inspect.
        raise FileRefused(REASON_UNKNOWN)
    markup = _looks_like_markup(head)
    if markup:
        raise FileRefused(markup)
    raise FileRefused(REASON_UNKNOWN)


def safe_filename(original_name, extension):
    """A short, ASCII, filesystem-safe name that keeps its stem and ends with the extension found by content."""
    stem = os.path.splitext(os.path.basename(original_name or ""))[0]
    stem = slugify(stem)[:NAME_MAX_LENGTH].strip("-_")
    stem = get_valid_filename(stem) if stem else "fichier"
    return f"{stem}.{extension}"
