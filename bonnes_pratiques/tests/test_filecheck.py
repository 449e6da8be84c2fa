import pytest

from core.filecheck import FileRefused, check_upload, safe_filename

from .factories import REFUSED_FILES, docx_bytes, image_bytes, odt_bytes, pdf_bytes, upload, zip_bytes


@pytest.mark.parametrize(
    ("name", "content", "extension", "kind"),
    [
        ("bilan.pdf", pdf_bytes(), "pdf", "pdf"),
        ("photo.png", image_bytes("PNG"), "png", "image"),
        ("photo.jpeg", image_bytes("JPEG"), "jpg", "image"),
        ("photo.webp", image_bytes("WEBP"), "webp", "image"),
        ("anim.gif", image_bytes("GIF"), "gif", "image"),
        ("compte-rendu.docx", docx_bytes(), "docx", "office"),
        ("compte-rendu.odt", odt_bytes(), "odt", "office"),
        (
            "tableau.xlsx",
            zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
            "xlsx",
            "office",
        ),
        ("mal-nomme.pdf", image_bytes("PNG"), "png", "image"),  # the content decides
    ],
)
def test_accepted_files(name, content, extension, kind):
    checked = check_upload(upload(name, content))
    assert (checked.extension, checked.kind) == (extension, kind)


@pytest.mark.parametrize("key", sorted(REFUSED_FILES))
def test_refused_files_have_a_french_reason(key):
    name, content, reason = REFUSED_FILES[key]
    with pytest.raises(FileRefused) as refused:
        check_upload(upload(name, content))
    assert reason in refused.value.reason


def test_oversized_file(settings):
    settings.BONNES_PRATIQUES_MAX_FILE_SIZE = 1000
    with pytest.raises(FileRefused) as refused:
        check_upload(upload("gros.pdf", pdf_bytes() + b"\0" * 2000))
    assert "la limite est de" in refused.value.reason


def test_empty_file():
    with pytest.raises(FileRefused):
        check_upload(upload("vide.pdf", b""))


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("Compte rendu réunion (v2).PDF", "compte-rendu-reunion-v2.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("...", "fichier.pdf"),
        ("a" * 300 + ".pdf", "a" * 80 + ".pdf"),
    ],
)
def test_file_names_are_sanitised(original, expected):
    assert safe_filename(original, "pdf") == expected
