"""Generated media for the demo: cover images (Pillow) and documents (PDF, CSV).

Both are found again by title, so running the loader twice reuses them; a
record whose file went missing from storage gets a fresh file.
"""

import csv
import io
import textwrap
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from publications.models import HubDocument
from publications.pdf import make_pdf

COVER_SIZE = (1200, 630)
BLUE_FRANCE = "#000091"
BLUE_LIGHT = "#6a6af4"
# DSFR illustrative colours: one accent band per resource type.
ACCENTS = {
    "publication": "#6a6af4",
    "fiche_pratique": "#009081",
    "flyer": "#e4794a",
    "webconference": "#a558a0",
    "outil": "#417dc4",
    "kit": "#c3992a",
    "bonne_pratique": "#169b62",
}
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def _font(size, bold=True):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return ImageFont.truetype(str(directory / name), size)
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, width):
    """Wrap `text` into lines that fit `width` pixels."""
    lines = []
    for chars in range(48, 10, -2):
        lines = textwrap.wrap(text, width=chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            break
    return lines


def cover_png(title, kind_label="", kind="publication"):
    """A 1200x630 PNG: a DSFR-blue diagonal gradient with the title on it."""
    width, height = COVER_SIZE
    # Diagonal mask: the mean of a vertical and a horizontal linear gradient.
    vertical = PILImage.linear_gradient("L").resize(COVER_SIZE)
    horizontal = PILImage.linear_gradient("L").rotate(90)
    mask = ImageChops.add(vertical, horizontal.resize(COVER_SIZE), scale=2)
    image = PILImage.composite(
        PILImage.new("RGB", COVER_SIZE, BLUE_LIGHT), PILImage.new("RGB", COVER_SIZE, BLUE_FRANCE), mask
    )

    draw = ImageDraw.Draw(image)
    # Decorative rings, bottom right.
    for radius in (180, 260, 340):
        draw.ellipse((width - radius, height - radius, width + radius, height + radius), outline="#ffffff", width=2)
    # A band in the resource type's colour.
    draw.rectangle((0, height - 16, width, height), fill=ACCENTS.get(kind, ACCENTS["publication"]))
    margin = 72
    if kind_label:
        label_font = _font(26)
        label = kind_label.upper()
        box = draw.textbbox((margin, margin), label, font=label_font)
        draw.rectangle((box[0] - 12, box[1] - 8, box[2] + 12, box[3] + 8), fill="#ffffff")
        draw.text((margin, margin), label, font=label_font, fill=BLUE_FRANCE)

    size = 60 if len(title) < 60 else 48
    title_font = _font(size)
    lines = _wrap(draw, title, title_font, width - 2 * margin - 80)
    y = 170
    for line in lines[:5]:
        draw.text((margin, y), line, font=title_font, fill="#ffffff")
        y += int(size * 1.25)
    draw.text((margin, height - margin - 30), "Anap - Centre de ressources", font=_font(28, bold=False), fill="#ffffff")

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def csv_bytes(rows):
    """UTF-8 CSV with a BOM and semicolons, as French spreadsheets expect."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _file_present(field_file):
    try:
        return bool(field_file) and field_file.storage.exists(field_file.name)
    except (OSError, ValueError):
        return False


def _filename(title, extension):
    return f"{slugify(title)[:80] or 'document'}.{extension}"


def ensure_image(title, make_bytes):
    """The Wagtail image titled `title`, created (or its file restored) with make_bytes()."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).order_by("pk").first()
    if image is not None and _file_present(image.file):
        return image, False
    data = make_bytes()
    if image is None:
        image = Image(title=title)
    image.file = ImageFile(io.BytesIO(data), name=_filename(title, "png"))
    image.file_size = len(data)
    image.file_hash = hash_filelike(io.BytesIO(data))
    image.save()
    return image, True


def ensure_document(title, make_bytes):
    """The HubDocument titled `title`, created (or its file restored) from make_bytes() -> (data, extension)."""
    document = HubDocument.objects.filter(title=title).order_by("pk").first()
    if document is not None and _file_present(document.file):
        return document, False
    data, extension = make_bytes()
    if document is None:
        document = HubDocument(title=title)
    document.file = ContentFile(data, name=_filename(title, extension))
    document.file_size = len(data)
    document.file_hash = hash_filelike(io.BytesIO(data))
    document.page_count = None  # recounted on save for PDFs
    document.save()
    return document, True


def document_bytes(spec, paragraphs):
    """The bytes and extension of a document described in content.DOCUMENTS."""
    if spec.get("format") == "csv":
        return csv_bytes(spec["rows"]), "csv"
    return make_pdf(spec["title"], spec.get("paragraphs") or paragraphs, pages=spec.get("pages", 1)), "pdf"
