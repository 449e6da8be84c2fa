"""Issue 13: uploads inspected by streaming, on real bombs and real PDFs made here.

- Office/ODF files: every member inflated in chunks within limits (members, total
  inflated size, ratio per member, nesting); memory measured with tracemalloc, and
  with the resource module's peak RSS in a fresh process.
- PDFs with JavaScript, a launch action or an automatic opening action are refused,
  for public submissions and for editors' documents in the Wagtail admin.
"""

import io
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from core import filecheck
from core.filecheck import FileRefused, check_editor_upload, check_upload

from .factories import docx_bytes, odt_bytes, pdf_bytes, upload

MIB = 1024 * 1024
BUDGET = 64 * MIB  # memory one upload's inspection may take
ROOT = Path(__file__).resolve().parents[2]
BOMB_REASON = "se décompresse en un volume anormal"


def write_zeros(archive, name, size):
    """A member of `size` zero bytes, written in 1 MiB chunks (never held whole)."""
    chunk = bytes(MIB)
    with archive.open(zipfile.ZipInfo(name), "w", force_zip64=size >= 2**31) as member:
        for _ in range(size // MIB):
            member.write(chunk)


def deflated(path):
    return zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9)


@pytest.fixture(scope="session")
def bombs(tmp_path_factory):
    """The two bombs of the attack report, as files: made once for the session (a few seconds)."""
    folder = tmp_path_factory.mktemp("bombs")
    big_member = folder / "gigaoctet.docx"
    with deflated(big_member) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
        # ZipInfo members are stored by default: deflate this one like the others.
        info_name = "word/media/image1.png"
        with archive.open(info_name, "w", force_zip64=True) as member:
            chunk = bytes(MIB)
            for _ in range(1024):
                member.write(chunk)
    content_types = folder / "content-types.docx"
    with deflated(content_types) as archive:
        with archive.open("[Content_Types].xml", "w") as member:
            member.write(b'<?xml version="1.0"?><Types>')
            chunk = b"<Default Extension='xml' ContentType='application/xml'/>" * (MIB // 56)
            written = 0
            while written < 256 * MIB:
                member.write(chunk)
                written += len(chunk)
            member.write(b"</Types>")
        archive.writestr("word/document.xml", "<w:document/>")
    return {"big_member": big_member, "content_types": content_types}


def as_upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def peak_memory(function, *args):
    """(result or the exception raised, tracemalloc's peak in bytes) of function(*args)."""
    tracemalloc.start()
    try:
        outcome = function(*args)
    except FileRefused as refused:
        outcome = refused
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return outcome, peak


def test_the_bombs_are_what_the_report_describes(bombs):
    assert bombs["big_member"].stat().st_size < 1.1 * MIB
    with zipfile.ZipFile(bombs["big_member"]) as archive:
        assert archive.getinfo("word/media/image1.png").file_size == 1024 * MIB
    with zipfile.ZipFile(bombs["content_types"]) as archive:
        assert archive.getinfo("[Content_Types].xml").file_size >= 256 * MIB
    assert bombs["content_types"].stat().st_size < 1.1 * MIB


@pytest.mark.parametrize("name", ["big_member", "content_types"])
def test_bombs_are_refused_with_a_french_reason_within_the_budget(bombs, name):
    file = as_upload(bombs[name])
    outcome, peak = peak_memory(check_upload, file)
    assert isinstance(outcome, FileRefused)
    assert BOMB_REASON in outcome.reason
    assert peak < BUDGET - file.size, f"{peak / MIB:.1f} Mo"
    with pytest.raises(FileRefused, match=BOMB_REASON):  # editors' uploads too
        check_editor_upload(as_upload(bombs[name]), "docx")


@pytest.mark.parametrize("name", ["big_member", "content_types"])
def test_every_byte_is_read_in_chunks_when_the_limits_let_it_through(bombs, name, monkeypatch):
    """With the limits lifted, the whole bomb is inflated, and memory still stays within the budget:
    no member is ever read whole (the old check read [Content_Types].xml whole: 728 MB)."""
    monkeypatch.setattr(filecheck, "ZIP_MAX_TOTAL", 4096 * MIB)
    monkeypatch.setattr(filecheck, "ZIP_MAX_RATIO", 10**9)
    file = as_upload(bombs[name])
    outcome, peak = peak_memory(check_upload, file)
    assert not isinstance(outcome, FileRefused), outcome
    assert outcome.extension == "docx"
    assert peak < BUDGET - file.size, f"{peak / MIB:.1f} Mo"


def test_peak_rss_of_a_fresh_process_stays_within_the_budget(bombs):
    """The same, measured as the operating system sees it: the process's peak resident memory."""
    script = """
import json, resource, sys
from django.core.files.uploadedfile import SimpleUploadedFile
from core import filecheck
data = open(sys.argv[1], "rb").read()
results = {}
for limits in ("default", "lifted"):
    if limits == "lifted":
        filecheck.ZIP_MAX_TOTAL, filecheck.ZIP_MAX_RATIO = 2**32, 10**9
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        outcome = filecheck.check_upload(SimpleUploadedFile("bombe.docx", data)).extension
    except filecheck.FileRefused as refused:
        outcome = refused.reason
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results[limits] = {"outcome": outcome, "rss_growth_kib": after - before}
print(json.dumps(results))
"""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.test"}
    completed = subprocess.run(
        [sys.executable, "-c", script, str(bombs["big_member"])],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    results = json.loads(completed.stdout)
    assert BOMB_REASON in results["default"]["outcome"]
    assert results["lifted"]["outcome"] == "docx"
    for measure in results.values():
        assert measure["rss_growth_kib"] * 1024 < BUDGET, results


def zip_of(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(extra=None):
    return zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", **(extra or {})})


def test_too_many_members_are_refused():
    entries = {f"word/media/{number}.xml": "" for number in range(filecheck.ZIP_MAX_MEMBERS)}
    with pytest.raises(FileRefused, match=f"plus de {filecheck.ZIP_MAX_MEMBERS} éléments"):
        check_upload(upload("beaucoup.docx", ooxml(entries)))


def test_a_member_compressed_too_well_is_refused():
    content = ooxml({"word/media/blanc.bin": bytes(2 * MIB)})  # zeros: about 1000 to 1
    with pytest.raises(FileRefused, match="compressé plus de 100 fois"):
        check_upload(upload("ratio.docx", content))


def test_small_parts_that_compress_well_are_fine():
    content = ooxml({"word/styles.xml": "<w:style/>" * 50_000})  # 500 kB of XML, ratio far above 100
    assert check_upload(upload("styles.docx", content)).extension == "docx"


def test_a_workbook_embedded_in_a_document_is_accepted():
    workbook = zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    content = ooxml({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})
    assert check_upload(upload("rapport.docx", content)).extension == "docx"


def test_nesting_deeper_than_one_level_is_refused():
    inner = ooxml()
    middle = zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>", "xl/embeddings/a.docx": inner})
    with pytest.raises(FileRefused, match="imbriquées trop profondément"):
        check_upload(upload("poupees.docx", ooxml({"word/embeddings/b.xlsx": middle})))


def test_a_macro_in_an_embedded_document_is_refused():
    embedded = zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>", "xl/vbaProject.bin": b"x"})
    with pytest.raises(FileRefused, match="macros"):
        check_upload(upload("cheval.docx", ooxml({"word/embeddings/c.xlsm": embedded})))


def test_the_total_of_all_levels_counts():
    parts = {f"word/media/{n}.bin": os.urandom(1024) * 60 for n in range(4)}  # 240 kio at each level
    nested = zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>", **parts})
    document = ooxml({"word/embeddings/d.xlsx": nested, **parts})
    assert check_upload(upload("deux-niveaux.docx", document)).extension == "docx"
    original = filecheck.ZIP_MAX_TOTAL
    try:
        filecheck.ZIP_MAX_TOTAL = 400 * 1024  # either level alone fits, both together do not
        with pytest.raises(FileRefused, match=BOMB_REASON):
            check_upload(upload("deux-niveaux.docx", document))
    finally:
        filecheck.ZIP_MAX_TOTAL = original


def test_a_lying_size_header_is_refused_as_damaged():
    content = bytearray(ooxml({"word/media/x.bin": b"abc" * 1000}))
    # The central directory's "uncompressed size" of the last member, made smaller than the truth.
    record = content.rindex(b"PK\x01\x02")
    content[record + 24 : record + 28] = (10).to_bytes(4, "little")
    header = content.rindex(b"PK\x03\x04", 0, record)
    content[header + 22 : header + 26] = (10).to_bytes(4, "little")
    with pytest.raises(FileRefused, match="endommagé"):
        check_upload(upload("menteur.docx", bytes(content)))


def test_an_encrypted_member_is_refused_as_damaged():
    content = bytearray(ooxml())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := content.find(signature, start)) != -1:
            content[start + flag_offset] |= 0x01  # "encrypted"
            start += 4
    with pytest.raises(FileRefused, match="chiffré"):
        check_upload(upload("chiffre.docx", bytes(content)))


def test_odf_documents_are_inspected_too():
    assert check_upload(upload("texte.odt", odt_bytes())).extension == "odt"
    bomb = zip_of({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": bytes(3 * MIB)})
    with pytest.raises(FileRefused, match=BOMB_REASON):
        check_upload(upload("bombe.odt", bomb))


@settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_archives_get_a_reason_never_an_exception(data):
    """Any byte of a real document changed, cut or grown: a French refusal or an acceptance, nothing else."""
    content = bytearray(data.draw(st.sampled_from([docx_bytes(), odt_bytes(), ooxml({"a.xml": "x" * 5000})])))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(4, len(content)))]
    try:
        check_upload(upload("abime.docx", bytes(content)))
    except FileRefused as refused:
        assert refused.reason


# --- PDFs --------------------------------------------------------------------------------------


def pdf_with(change):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def action(kind, **entries):
    values = {NameObject("/S"): NameObject(kind)}
    values.update({NameObject(f"/{key}"): TextStringObject(value) for key, value in entries.items()})
    return DictionaryObject(values)


def open_action(value):
    def change(writer):
        writer._root_object[NameObject("/OpenAction")] = value

    return change


def link_annotation(value):
    def change(writer):
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([]),
                NameObject("/A"): value,
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    return change


ACTIVE_PDFS = {
    "document JavaScript (add_js)": lambda writer: writer.add_js("app.alert('bonjour');"),
    "JavaScript on opening": open_action(action("/JavaScript", JS="app.alert(1)")),
    "program launched on opening": open_action(action("/Launch", F="calc.exe")),
    "web page opened on opening": open_action(action("/URI", URI="https://example.org/")),
    "JavaScript in a link": link_annotation(action("/JavaScript", JS="app.alert(2)")),
    "launch in a link": link_annotation(action("/Launch", F="cmd.exe")),
}


@pytest.mark.parametrize("name", sorted(ACTIVE_PDFS))
def test_pdfs_with_active_content_are_refused(name):
    content = pdf_with(ACTIVE_PDFS[name])
    with pytest.raises(FileRefused, match="JavaScript ou des actions automatiques"):
        check_upload(upload("rapport.pdf", content))
    with pytest.raises(FileRefused, match="JavaScript ou des actions automatiques"):
        check_editor_upload(upload("rapport.pdf", content), "pdf")


def test_a_hex_escaped_javascript_name_is_still_found():
    content = pdf_with(ACTIVE_PDFS["document JavaScript (add_js)"])
    disguised = content.replace(b"/JavaScript", b"/J#61vaScript")  # same name, as PDF syntax allows
    assert disguised != content
    with pytest.raises(FileRefused, match="JavaScript ou des actions automatiques"):
        check_upload(upload("deguise.pdf", disguised))


def test_a_pdf_protected_by_permissions_only_is_read():
    def protect(writer):
        writer.encrypt(user_password="", owner_password="proprietaire", algorithm="AES-256")

    assert check_upload(upload("protege.pdf", pdf_with(protect))).kind == "pdf"


def test_plain_pdfs_and_opening_destinations_are_accepted():
    assert check_upload(upload("bilan.pdf", pdf_bytes())).kind == "pdf"

    def go_to_first_page(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    assert check_upload(upload("ouvert.pdf", pdf_with(go_to_first_page))).kind == "pdf"


def test_a_pdf_pypdf_cannot_read_is_refused():
    with pytest.raises(FileRefused, match="PDF est endommagé"):
        check_upload(upload("casse.pdf", b"%PDF-1.7\n" + os.urandom(2000)))


# --- Through the forms -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_form_refuses_a_javascript_pdf_and_saves_nothing(client, site_tree):
    from bonnes_pratiques.models import Submission

    from .factories import PROPOSE_URL, form_data

    content = pdf_with(ACTIVE_PDFS["document JavaScript (add_js)"])
    response = client.post(PROPOSE_URL, {**form_data(), "attachments": [upload("bilan.pdf", content)]})
    assert response.status_code == 200
    errors = response.content.decode().split('id="attachments-error"', 1)[1][:800]
    assert "bilan.pdf" in errors and "JavaScript ou des actions automatiques" in errors
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_the_admin_document_upload_inspects_the_content(site_tree, bombs, editor_client):
    from wagtail.models import Collection

    from publications.models import HubDocument

    root = Collection.get_first_root_node()

    def post(name, content):
        response = editor_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": SimpleUploadedFile(name, content), "title": name, "collection": root.pk},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        assert response.status_code == 200
        return response.json()

    refused = {
        "bombe.docx": bombs["big_member"].read_bytes(),
        "script.pdf": pdf_with(ACTIVE_PDFS["JavaScript on opening"]),
        "macro.docx": docx_bytes(macro=True),
        "deguise.docx": pdf_bytes(),
        "faux.pdf": b"<html><body>pas un PDF</body></html>",
    }
    for name, content in refused.items():
        answer = post(name, content)
        assert not answer["success"], name
        assert answer["error_message"].startswith("Ce fichier est refusé : "), answer
    assert not HubDocument.objects.exists()
    accepted = {"bilan.pdf": pdf_bytes(), "note.docx": docx_bytes(), "lot.zip": zip_of({"a.txt": "bonjour"})}
    for name, content in accepted.items():
        assert post(name, content)["success"], name
    assert HubDocument.objects.count() == 3
