"""Helpers shared by the submission tests (here and in tests/): form data and files of every kind."""

import io
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bonnes_pratiques.forms import new_started_token
from publications.models import Audience, Theme
from publications.pdf import make_pdf

PROPOSE_URL = "/bonnes-pratiques/proposer/"


def pdf_bytes(title="Bilan de l'initiative"):
    return make_pdf(title, ["Résultats de l'initiative."], 1)


def image_bytes(fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (0, 0, 145)).save(buffer, fmt)
    return buffer.getvalue()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(macro=False):
    content_type = "application/vnd.ms-word.document.macroEnabled.main+xml" if macro else "application/xml"
    entries = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types><Override ContentType="{content_type}"/></Types>',
        "word/document.xml": "<w:document/>",
    }
    if macro:
        entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    return zip_bytes(entries)


def odt_bytes():
    return zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


REFUSED_FILES = {
    "html": ("page.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "HTML"),
    "pdf-named html": ("rapport.pdf", b"<html><head></head><body>Pas un PDF</body></html>", "HTML"),
    "svg": ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "SVG"),
    "exe": ("outil.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "exécutables"),
    "elf": ("outil.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "exécutables"),
    "script": ("installer.sh", b"#!/bin/sh\nrm -rf /\n", "exécutables"),
    "zip": ("documents.zip", zip_bytes({"a.txt": "bonjour"}), "archives"),
    "gzip": ("documents.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 100, "archives"),
    "7z": ("documents.7z", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 100, "archives"),
    "rar": ("documents.rar", b"Rar!\x1a\x07\x00" + b"\x00" * 100, "archives"),
    "docm": ("macro.docx", docx_bytes(macro=True), "macros"),
    "text": ("notes.txt", b"Quelques notes en texte brut.", "pas accepté"),
}


def form_data(**overrides):
    """A complete, valid POST for the proposal form, shown long enough ago to pass the fill-time check."""
    data = {
        "structure_name": "HAD Saint-Exupéry",
        "structure_type": "had",
        "region": "occitanie",
        "finess": "310000000",
        "contact_name": "Claire Martin",
        "contact_role": "Cadre de santé",
        "contact_email": "claire.martin@had-example.fr",
        "title": "Infirmier de liaison aux urgences",
        "context": "Les patients attendaient trop longtemps aux urgences avant une admission en HAD.",
        "actions": "Un infirmier de liaison passe chaque matin aux urgences.\n\nIl évalue les patients éligibles.",
        "results": "Sorties en moins de 24 h pour 80 % des patients.",
        "figures": "80 % de sorties en moins de 24 h",
        "lessons": "Impliquer les urgentistes dès le départ. <script>alert('x')</script>",
        "themes": [Theme.objects.get(slug="urgences").pk],
        "audiences": [Audience.objects.order_by("pk").first().pk],
        "consent_publication": "on",
        "consent_contact": "on",
        "website": "",
        "started": new_started_token(time.time() - 120),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
