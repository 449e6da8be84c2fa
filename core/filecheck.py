"""Check uploaded files by their content, never by their name, and give each refusal a clear French reason."""

import os
import tempfile
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.text import get_valid_filename, slugify
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 5
NAME_MAX_LENGTH = 80
# Office and ODF files are ZIP archives: limits for one upload, every nesting level together.
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_TOTAL = 200 * 1024 * 1024  # inflated bytes
ZIP_MAX_RATIO = 100  # inflated / compressed, per member…
ZIP_RATIO_FLOOR = 1024 * 1024  # …once it inflates past 1 MiB (small XML parts compress very well)
ZIP_MAX_DEPTH = 2  # a document and the documents embedded in it (an xlsx in a docx), no deeper
ZIP_MAX_CENTRAL_DIRECTORY = 1024 * 1024
ZIP_CHUNK = 64 * 1024
ZIP_SPOOL_IN_MEMORY = 4 * 1024 * 1024  # a nested document beyond this is spooled to disk
# PDF keys and actions that run something in the reader; "/OpenAction" is checked apart (see check_pdf).
PDF_ACTIVE_KEYS = ("/JS", "/JavaScript", "/Launch")
PDF_ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/Rendition")
PDF_MAX_OBJECTS = 200_000

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
REASON_BOMB = "le document se décompresse en un volume anormal ({detail}) : il n'est pas accepté."
REASON_NESTED = "le document contient des archives imbriquées trop profondément : il n'est pas accepté."
REASON_PDF_ACTIVE = (
    "les PDF contenant du JavaScript ou des actions automatiques (lancement d'un programme, action à l'ouverture) "
    "ne sont pas acceptés : enregistrez-le à nouveau en PDF (Fichier > Imprimer > PDF) et réessayez."
)
REASON_PDF_DAMAGED = "le PDF est endommagé ou illisible : enregistrez-le à nouveau en PDF et réessayez."
REASON_DAMAGED = "le fichier est endommagé, chiffré ou illisible : enregistrez-le à nouveau et réessayez."


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


class _Budget:
    """What every level of one upload has inflated so far: the limits hold for the upload, not per archive."""

    def __init__(self):
        self.members = 0
        self.total = 0


@dataclass
class _ZipSummary:
    names: list
    mimetype: str
    content_types_macro: bool
    macro: bool  # a macro marker in this archive or in one nested in it


def _too_big(detail):
    return FileRefused(REASON_BOMB.format(detail=detail))


def _check_declared(fileobj, budget):
    """Refuse on the end record alone, before zipfile reads (and keeps in memory) the central directory."""
    fileobj.seek(0)
    end = zipfile._EndRecData(fileobj)  # the end record, ZIP64 included; stable since Python 2
    if end is None:
        raise zipfile.BadZipFile("no end of central directory")
    if end[zipfile._ECD_ENTRIES_TOTAL] + budget.members > ZIP_MAX_MEMBERS:
        raise _too_big(f"plus de {ZIP_MAX_MEMBERS} éléments")
    if end[zipfile._ECD_SIZE] > ZIP_MAX_CENTRAL_DIRECTORY:
        raise _too_big("répertoire central démesuré")


def _inspect_zip(fileobj, budget, depth=1):
    """Read every member in chunks, within the limits; a member that is itself a ZIP is inspected too."""
    _check_declared(fileobj, budget)
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        infos = archive.infolist()
        budget.members += len(infos)
        if budget.members > ZIP_MAX_MEMBERS:
            raise _too_big(f"plus de {ZIP_MAX_MEMBERS} éléments")
        declared = 0
        for info in infos:  # what the archive admits to: refused without inflating anything
            declared += info.file_size
            if budget.total + declared > ZIP_MAX_TOTAL:
                raise _too_big(f"plus de {human_size(ZIP_MAX_TOTAL)} une fois décompressé")
            if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
                raise _too_big(f"« {info.filename[:60]} » compressé plus de {ZIP_MAX_RATIO} fois")
        names = [info.filename for info in infos]
        summary = _ZipSummary(names, "", False, _has_macro_names(names))
        for info in infos:
            if not info.is_dir():
                _read_member(archive, info, budget, depth, summary)
        return summary


def _has_macro_names(names):
    lowered = [name.lower() for name in names]
    return any(name.endswith("vbaproject.bin") or name.startswith(("basic/", "scripts/")) for name in lowered)


def _read_member(archive, info, budget, depth, summary):
    """Inflate one member chunk by chunk (the sizes it declares are not trusted), never whole."""
    size, tail, nested = 0, b"", None
    try:
        with archive.open(info) as member:
            while chunk := member.read(ZIP_CHUNK):
                size += len(chunk)
                budget.total += len(chunk)
                if budget.total > ZIP_MAX_TOTAL:
                    raise _too_big(f"plus de {human_size(ZIP_MAX_TOTAL)} une fois décompressé")
                if size > ZIP_RATIO_FLOOR and size > ZIP_MAX_RATIO * max(info.compress_size, 1):
                    raise _too_big(f"« {info.filename[:60]} » compressé plus de {ZIP_MAX_RATIO} fois")
                if size == len(chunk) and chunk.startswith(b"PK\x03\x04"):
                    if depth >= ZIP_MAX_DEPTH:
                        raise FileRefused(REASON_NESTED)
                    nested = tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_IN_MEMORY)
                if nested is not None:
                    nested.write(chunk)
                if info.filename == "mimetype" and len(summary.mimetype) < 200:
                    summary.mimetype += chunk[:200].decode("ascii", "replace")
                if info.filename == "[Content_Types].xml":
                    window = tail + chunk.lower()
                    summary.content_types_macro |= b"macroenabled" in window
                    tail = window[-len(b"macroenabled") :]
        if nested is not None:
            inner = _inspect_zip(nested, budget, depth + 1)
            summary.macro |= inner.macro or inner.content_types_macro
    except zipfile.BadZipFile as exc:  # a bad CRC, or a nested archive that is not one
        raise FileRefused(REASON_DAMAGED) from exc
    finally:
        if nested is not None:
            nested.close()
    summary.mimetype = summary.mimetype.strip()


def _inspect(upload):
    try:
        return _inspect_zip(upload, _Budget())
    except FileRefused:
        raise
    except zipfile.BadZipFile as exc:
        raise FileRefused(REASON_ARCHIVE) from exc
    except (RuntimeError, NotImplementedError, EOFError, OSError, ValueError, zlib.error) as exc:
        # encrypted members, unknown compression methods, truncated or corrupt data
        raise FileRefused(REASON_DAMAGED) from exc
    finally:
        upload.seek(0)


def _check_zip(upload, allow_archive=False):
    """Tell an office document from a plain archive; refuse bombs and macro-enabled documents.

    Every member is inflated in chunks of ZIP_CHUNK bytes, within the limits on the number of
    members, their total inflated size, the ratio of each and the nesting depth: memory stays
    within a fixed budget whatever the archive declares.
    """
    summary = _inspect(upload)
    names = summary.names
    if "mimetype" in names and summary.mimetype in ODF_TYPES:
        if summary.macro:
            raise FileRefused(REASON_MACRO)
        return CheckedFile(ODF_TYPES[summary.mimetype], summary.mimetype, "office")
    if "[Content_Types].xml" in names and "mimetype" not in names:
        if summary.macro or summary.content_types_macro:
            raise FileRefused(REASON_MACRO)
        for marker, (extension, mime) in OOXML_MARKERS.items():
            if marker in names:
                return CheckedFile(extension, mime, "office")
    if allow_archive:
        if summary.macro:
            raise FileRefused(REASON_MACRO)
        return CheckedFile("zip", "application/zip", "archive")
    raise FileRefused(REASON_ARCHIVE)


def _active_pdf_content(value, seen, budget):
    """The first active-content marker found in a PDF object graph, or None. Iterative: no recursion limit."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > budget:
                return "trop d'objets"
            value = value.get_object()
        if isinstance(value, DictionaryObject):  # StreamObject included: its dictionary, not its data
            for name in PDF_ACTIVE_KEYS:
                if name in value:
                    return name
            action = value.get("/S")
            if action in PDF_ACTIVE_ACTIONS:
                return str(action)
            opening = value.get("/OpenAction")
            if opening is not None:
                opening = opening.get_object()
                if isinstance(opening, DictionaryObject) and opening.get("/S") != "/GoTo":
                    return "/OpenAction"  # an automatic action; a destination (array or GoTo) is harmless
            stack.extend(item for item in value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
    return None


def check_pdf(upload):
    """Refuse a PDF that runs something: JavaScript, a launched program or an automatic opening action.

    Read with pypdf (names are decoded, so "/J#61vaScript" is "/JavaScript", and compressed object
    streams are inflated, within pypdf's own limit), every object reachable from the trailer.
    A PDF that pypdf cannot parse is refused: nothing in it could be checked.
    """
    source = getattr(upload, "file", upload)
    source.seek(0)
    try:
        reader = PdfReader(source)
        found = _active_pdf_content(reader.trailer, set(), PDF_MAX_OBJECTS)
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, OSError, RecursionError) as exc:
        raise FileRefused(REASON_PDF_DAMAGED) from exc
    finally:
        source.seek(0)
        upload.seek(0)
    if found == "trop d'objets":
        raise FileRefused(REASON_PDF_DAMAGED)
    if found:
        raise FileRefused(REASON_PDF_ACTIVE)


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
        check_pdf(upload)
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


OFFICE_EXTENSIONS = {"docx", "xlsx", "pptx", *ODF_TYPES.values()}


def check_editor_upload(upload, extension):
    """The checks on an editor's document (Wagtail admin), which becomes public once a page uses it.

    The extension is Wagtail's to allow (WAGTAILDOCS_EXTENSIONS); here the content must match it:
    Office and ODF documents and ZIP archives are inspected as public submissions are (limits,
    nesting, macros; a ZIP archive is allowed), and a PDF must hold no active content.
    """
    extension = extension.lower()
    if extension in OFFICE_EXTENSIONS or extension == "zip":
        checked = _check_zip(upload, allow_archive=extension == "zip")
        if extension != "zip" and checked.extension != extension:
            raise FileRefused(
                f"le contenu ne correspond pas à l'extension .{extension} (c'est un fichier {checked.extension})."
            )
    elif extension == "pdf":
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in head:
            raise FileRefused("ce fichier n'est pas un PDF.")
        check_pdf(upload)


def safe_filename(original_name, extension):
    """A short, ASCII, filesystem-safe name that keeps its stem and ends with the extension found by content."""
    stem = os.path.splitext(os.path.basename(original_name or ""))[0]
    stem = slugify(stem)[:NAME_MAX_LENGTH].strip("-_")
    stem = get_valid_filename(stem) if stem else "fichier"
    return f"{stem}.{extension}"
