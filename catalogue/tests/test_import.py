"""`manage.py import_catalogue`: parsing, writing, idempotence, rejected lines, nothing half-made."""

import datetime
import html
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils.text import slugify
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from bonnes_pratiques.catalogue import guess_region, guess_structure
from bonnes_pratiques.choices import REGION_CHOICES, STRUCTURE_TYPE_CHOICES
from bonnes_pratiques.models import BonnePratiquePage
from catalogue import pdfs, registry
from catalogue.records import LineError, parse_line
from publications.models import (
    Audience,
    FichePratiquePage,
    FlyerPage,
    HubDocument,
    KitPage,
    OutilPage,
    PublicationPage,
    ResourceAudience,
    ResourcePage,
    Theme,
    WebconferencePage,
)

GENERATOR = Path(os.environ.get("CORPUS_GENERATOR") or Path(settings.BASE_DIR).parent / "shared/corpus/generate.py")
MODELS = {
    "publication": PublicationPage,
    "fiche_pratique": FichePratiquePage,
    "flyer": FlyerPage,
    "webinar": WebconferencePage,
    "kit": KitPage,
    "outil": OutilPage,
    "bonne_pratique": BonnePratiquePage,
}


def record(**overrides):
    data = {
        "slug": "admissions-directes-en-ehpad",
        "type": "fiche_pratique",
        "title": "Organiser les admissions directes",
        "summary": "Les conditions de réussite, à partir de retours d'expérience.",
        "body": "Premier paragraphe.\n\nDeuxième paragraphe, avec <b>du HTML</b> & des esperluettes.",
        "themes": ["Urgences"],
        "audiences": ["médecins", "Gériatres"],
        "sector": "médico-social",
        "published": "2024-03-15",
        "file_pages": 3,
    }
    data.update(overrides)
    return data


def catalogue(tmp_path, *lines, name="catalogue.jsonl"):
    path = tmp_path / name
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_catalogue", str(path), "--quiet", "--jobs", "1", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root) for path in root.rglob("*") if path.is_file()}


def main_document(page):
    page = page.specific
    if isinstance(page, OutilPage):
        return page.tool_file
    return page.documents.order_by("sort_order").first().document


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def generated(tmp_path):
    """30 realistic lines from the shared generator (same output for the same seed)."""
    if not GENERATOR.exists():  # it lives next to the repository, not in it; CI always has it
        message = f"générateur de catalogue absent : {GENERATOR}"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    path = tmp_path / "generated.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, str(GENERATOR), "--n", "30", "--seed", "3"], stdout=out, check=True)
    return path


def lines_of(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- Parsing: no database ------------------------------------------------------------------


class TestParseLine:
    def test_a_good_line_becomes_a_clean_record(self):
        clean = parse_line(4, json.dumps(record(themes=["Urgences", "urgences"], body="  Un.\r\n\r\nDeux.\nSuite. ")))
        assert clean.line == 4
        assert clean.sector == "medico-social"
        assert clean.published == datetime.date(2024, 3, 15)
        assert clean.paragraphs == ("Un.", "Deux.\nSuite.")
        assert clean.themes == ("Urgences",)  # one theme, whatever its case

    @pytest.mark.parametrize(
        "line, message",
        [
            ("{not json", "ligne 12 : JSON invalide (colonne 2)"),
            ("[1, 2]", "ligne 12 : un objet JSON est attendu"),
            ({k: v for k, v in record().items() if k != "title"}, "ligne 12 : champ « title » manquant"),
            (record(title="   "), "ligne 12 : champ « title » vide"),
            (record(title="T" * 256), "ligne 12 : champ « title » trop long (256 caractères, 255 au maximum)"),
            (record(title=12), "ligne 12 : champ « title » : texte attendu"),
            (record(summary=""), "ligne 12 : champ « summary » vide"),
            (record(type="podcast"), "ligne 12 : type « podcast » inconnu (attendu : publication, fiche_pratique,"),
            (record(sector="rural"), "ligne 12 : secteur « rural » inconnu"),
            (record(published="2024-02-30"), "ligne 12 : date « 2024-02-30 » invalide (format attendu : AAAA-MM-JJ)"),
            (record(published="15/03/2024"), "ligne 12 : date « 15/03/2024 » invalide"),
            (record(file_pages="3"), "ligne 12 : champ « file_pages » : entier de 1 à 1000 attendu, reçu « 3 »"),
            (record(file_pages=0), "ligne 12 : champ « file_pages » : entier de 1 à 1000 attendu"),
            (record(file_pages=True), "ligne 12 : champ « file_pages » : entier de 1 à 1000 attendu"),
            (record(themes="Urgences"), "ligne 12 : champ « themes » : liste de textes attendue"),
            (record(audiences=["ARS", 3]), "ligne 12 : champ « audiences » : liste de textes attendue"),
            (record(themes=[""]), "ligne 12 : champ « themes » : nom vide"),
            (record(slug="Pas un slug"), "ligne 12 : slug « Pas un slug » invalide"),
            (record(body=None), "ligne 12 : champ « body » : texte attendu"),
        ],
    )
    def test_each_kind_of_bad_line_has_a_clear_french_message(self, line, message):
        text = line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
        with pytest.raises(LineError) as caught:
            parse_line(12, text)
        assert str(caught.value).startswith(message)
        assert caught.value.line == 12

    def test_every_problem_of_a_line_is_listed(self):
        data = {k: v for k, v in record(sector="rural").items() if k not in ("slug", "summary")}
        with pytest.raises(LineError) as caught:
            parse_line(3, json.dumps(data))
        assert str(caught.value) == (
            "ligne 3 : champ « slug » manquant ; champ « summary » manquant ; "
            "secteur « rural » inconnu (attendu : sanitaire, médico-social, ville, transversal)"
        )

    def test_structure_and_region_of_a_practice_come_from_its_text(self):
        practice = parse_line(
            1,
            json.dumps(
                record(
                    type="bonne_pratique",
                    title="Comment le centre hospitalier d'Auxerre a réussi à réduire les délais",
                    body="Le projet, porté en Bourgogne-Franche-Comté, associe la ville.",
                )
            ),
        )
        assert guess_structure(practice) == ("Centre hospitalier d'Auxerre", "hopital")
        assert guess_region(practice) == "bourgogne-franche-comte"
        anonymous = parse_line(2, json.dumps(record(type="bonne_pratique", title="Une démarche", body="Sans lieu.")))
        assert guess_structure(anonymous) == ("Structure non renseignée", "autre")
        assert guess_region(anonymous) == guess_region(anonymous)  # stable
        assert guess_region(anonymous) in dict(REGION_CHOICES)


# --- Importing -----------------------------------------------------------------------------


@pytest.mark.django_db
class TestImport:
    def test_a_generated_catalogue_becomes_live_pages_of_the_right_types(self, generated, client):
        records = lines_of(generated)
        out, err = run(generated)

        assert err == ""
        assert "30 ressources importées (30 créées, 0 mise à jour, 0 inchangée), 0 ligne rejetée." in out
        assert ResourcePage.objects.count() == 30
        assert HubDocument.objects.count() == 30
        assert Page.find_problems() == ([], [], [], [], [])
        for data in records:
            page = ResourcePage.objects.get(slug=data["slug"]).specific
            assert type(page) is MODELS[data["type"]]
            assert page.live and not page.has_unpublished_changes
            assert page.first_published_at and page.last_published_at
            assert page.title == data["title"] and page.summary == data["summary"]
            assert page.sector == data["sector"].replace("médico", "medico")
            assert page.publication_date.isoformat() == data["published"]
            assert {slugify(t.name) for t in page.themes.all()} == {slugify(name) for name in data["themes"]}
            assert {slugify(a.name) for a in page.audiences.all()} == {slugify(name) for name in data["audiences"]}
            assert len(page.body) == len(data["body"].split("\n\n"))
            assert all(block.block_type == "paragraph" for block in page.body)
            document = main_document(page)
            assert document.page_count == data["file_pages"]
            assert document.file_size and document.file_hash
            assert document.file.storage.exists(document.file.name)
            parent = page.get_parent()
            assert parent.slug == ("bonnes-pratiques" if data["type"] == "bonne_pratique" else "ressources")
            assert page.url == f"{parent.url}{data['slug']}/"
        one_of_each_type = {data["type"]: data for data in records}
        assert len(one_of_each_type) == len(MODELS)
        for data in one_of_each_type.values():
            response = client.get(ResourcePage.objects.get(slug=data["slug"]).url)
            assert response.status_code == 200
            assert html.escape(data["title"]) in response.content.decode()

    def test_each_type_gets_what_its_model_requires(self, tmp_path):
        lines = [record(slug=f"ressource-{kind}", type=kind) for kind in MODELS]
        lines[-1]["title"] = "Comment le CHU de Reims a réussi à fluidifier les admissions en Normandie"
        run(catalogue(tmp_path, *lines))

        for kind, model in MODELS.items():
            page = model.objects.get(slug=f"ressource-{kind}")
            page.full_clean()  # what the admin would check on the next edit
        tool = OutilPage.objects.get()
        assert tool.tool_kind == "modele" and tool.tool_file.page_count == 3
        assert not tool.documents.exists()  # its file is shown as the tool, not a second time in the list
        practice = BonnePratiquePage.objects.get()
        assert (practice.structure_name, practice.structure_type, practice.region) == (
            "CHU de Reims",
            "hopital",
            "normandie",
        )
        assert practice.structure_type in dict(STRUCTURE_TYPE_CHOICES)
        assert KitPage.objects.get().documents.count() == 1
        created = PageLogEntry.objects.filter(action="wagtail.create", page__in=ResourcePage.objects.all())
        assert created.count() == len(MODELS)

    def test_body_paragraphs_are_escaped_rich_text(self, tmp_path):
        run(catalogue(tmp_path, record(body="Un <script>alert(1)</script>.\n\n\n\nDeux & trois\nquatre.")))
        page = ResourcePage.objects.get()
        assert [block.value.source for block in page.body] == [
            "<p>Un &lt;script&gt;alert(1)&lt;/script&gt;.</p>",
            "<p>Deux &amp; trois<br/>quatre.</p>",
        ]

    def test_themes_and_audiences_are_matched_or_created(self, tmp_path):
        themes_before = Theme.objects.count()
        run(catalogue(tmp_path, record(themes=["urgences", "Hospitalisation à domicile"], audiences=["médecins"])))

        page = ResourcePage.objects.get()
        assert sorted(theme.name for theme in page.themes.all()) == ["Hospitalisation à domicile", "Urgences"]
        assert Theme.objects.count() == themes_before + 1  # "urgences" is the curated "Urgences"
        assert [audience.name for audience in page.audiences.all()] == ["Médecins"]
        run(catalogue(tmp_path, record(slug="autre", audiences=["gériatres", "Gériatres"]), name="b.jsonl"))
        assert Audience.objects.filter(slug="geriatres").get().name == "Gériatres"  # created once, capitalised

    def test_the_search_and_reference_indexes_are_up_to_date(self, tmp_path):
        run(catalogue(tmp_path, record(title="Téléconsultation en zone blanche")))
        page = ResourcePage.objects.get()
        assert list(ResourcePage.objects.live().search("zone blanche")) == [page]
        assert list(HubDocument.objects.search("zone blanche")) == [main_document(page)]
        assert ReferenceIndex.get_references_to(main_document(page)).filter(object_id=str(page.pk)).exists()

    def test_the_text_of_each_pdf_is_cached_as_pypdf_reads_it(self, tmp_path):
        from core.models import ExtractedText
        from core.pdftext import extract, texts_for
        from publications.models.documents import count_pdf_pages

        lines = [record(slug="a", file_pages=4), record(slug="b", title="Œuvre – « guillemets »", file_pages=1)]
        run(catalogue(tmp_path, *lines))
        documents = [main_document(page) for page in ResourcePage.objects.order_by("slug")]
        cached = dict(ExtractedText.objects.values_list("document_id", "text"))
        assert set(cached) == {document.pk for document in documents}
        for document in documents:
            assert cached[document.pk] == extract(document)  # what indexing would have parsed
            with document.open_file() as handle:
                assert count_pdf_pages(handle) == document.page_count  # known from the maker, and true
        assert "Deuxième paragraphe, avec <b>du HTML</b>" in cached[documents[0].pk]
        assert texts_for(documents) == cached

        run(catalogue(tmp_path, record(slug="a", title="Autre titre", file_pages=2), name="v2.jsonl"))
        document = main_document(ResourcePage.objects.get(slug="a"))
        assert ExtractedText.objects.get(document_id=document.pk).text == extract(document)
        assert "Autre titre" in extract(document)

    def test_references_follow_a_reimport_as_wagtail_would_record_them(self, tmp_path):
        run(catalogue(tmp_path, record(slug="a", themes=["Urgences"])))
        page = ResourcePage.objects.get(slug="a")
        urgences, numerique = Theme.objects.get(name="Urgences"), Theme.objects.get(name="Numérique")
        assert ReferenceIndex.get_references_to(urgences).filter(object_id=str(page.pk)).exists()

        run(catalogue(tmp_path, record(slug="a", themes=["Numérique"]), name="v2.jsonl"))

        assert not ReferenceIndex.get_references_to(urgences).filter(object_id=str(page.pk)).exists()
        assert ReferenceIndex.get_references_to(numerique).filter(object_id=str(page.pk)).exists()
        recorded = set(
            ReferenceIndex.objects.values_list("object_id", "to_content_type", "to_object_id", "content_path")
        )
        ReferenceIndex.objects.all().delete()
        for obj in (page.specific, main_document(page)):
            ReferenceIndex.create_or_update_for_object(obj)  # what Wagtail's own handler records
        assert (
            set(ReferenceIndex.objects.values_list("object_id", "to_content_type", "to_object_id", "content_path"))
            == recorded
        )

    def test_reimporting_changes_nothing(self, generated):
        run(generated)
        files = media_files()
        ids = dict(ResourcePage.objects.values_list("slug", "pk"))

        out, _ = run(generated)

        assert "30 ressources importées (0 créée, 0 mise à jour, 30 inchangées), 0 ligne rejetée." in out
        assert dict(ResourcePage.objects.values_list("slug", "pk")) == ids
        assert HubDocument.objects.count() == 30
        assert media_files() == files

    def test_reimporting_updates_what_changed(self, tmp_path, django_capture_on_commit_callbacks):
        first = record(slug="a", themes=["Urgences"])
        second = record(slug="b", type="outil")
        run(catalogue(tmp_path, first, second))
        page = ResourcePage.objects.get(slug="a")
        document = main_document(page)
        old_file = document.file.name

        changed = record(slug="a", title="Un nouveau titre", file_pages=5, themes=["Numérique"], sector="ville")
        with django_capture_on_commit_callbacks(execute=True):
            out, _ = run(catalogue(tmp_path, changed, second, name="v2.jsonl"))

        assert "2 ressources importées (0 créée, 1 mise à jour, 1 inchangée), 0 ligne rejetée." in out
        page = ResourcePage.objects.get(slug="a")
        assert (page.title, page.draft_title, page.sector) == ("Un nouveau titre", "Un nouveau titre", "ville")
        assert [theme.name for theme in page.themes.all()] == ["Numérique"]
        assert main_document(page).pk == document.pk  # the same document, a new file
        document.refresh_from_db()
        assert (document.title, document.page_count) == ("Un nouveau titre", 5)
        assert HubDocument.objects.count() == 2 and ResourcePage.objects.count() == 2
        assert not document.file.storage.exists(old_file)
        assert media_files() == {Path(d.file.name) for d in HubDocument.objects.all()}
        assert list(ResourcePage.objects.search("nouveau titre")) == [page]

    def test_an_edited_page_gets_the_import_as_its_published_revision(self, tmp_path):
        run(catalogue(tmp_path, record(slug="a")))
        page = ResourcePage.objects.get().specific
        page.title = "Brouillon d'un éditeur"
        page.save_revision()

        run(catalogue(tmp_path, record(slug="a", title="Titre du catalogue"), name="v2.jsonl"))

        page.refresh_from_db()
        assert page.title == "Titre du catalogue"
        assert page.live_revision_id == page.latest_revision_id
        assert page.get_latest_revision_as_object().title == "Titre du catalogue"

    def test_a_slug_of_another_type_is_an_error(self, tmp_path):
        run(catalogue(tmp_path, record(slug="a", type="publication")))

        with pytest.raises(CommandError):
            run(catalogue(tmp_path, record(slug="a", type="flyer", title="Autre"), name="v2.jsonl"), "--strict")
        out, err = run(catalogue(tmp_path, record(slug="a", type="flyer", title="Autre"), name="v2.jsonl"))

        assert err.strip() == (
            "ligne 1 : la ressource « a » existe déjà avec le type « Publication » ; "
            "l'import ne change pas le type d'une ressource (changez le slug ou supprimez la page)"
        )
        assert "0 ressource importée (0 créée, 0 mise à jour, 0 inchangée), 1 ligne rejetée." in out
        assert PublicationPage.objects.get().title == record()["title"]


@pytest.mark.django_db
class TestRejectedLines:
    def test_bad_lines_are_reported_and_skipped(self, tmp_path):
        path = catalogue(
            tmp_path,
            record(slug="bonne-1"),
            "{pas du json",
            "",
            {k: v for k, v in record(slug="sans-titre").items() if k != "title"},
            record(slug="bonne-1", title="Doublon"),
            record(slug="mauvais-type", type="podcast"),
            record(slug="mauvais-secteur", sector="rural"),
            record(slug="mauvaise-date", published="2024-13-01"),
            record(slug="titre-vide", title=""),
            record(slug="titre-long", title="x" * 300),
            record(slug="bonne-2", themes=["Un thème tout neuf"]),
        )
        out, err = run(path)

        assert err.splitlines() == [
            "ligne 2 : JSON invalide (colonne 2)",
            "ligne 4 : champ « title » manquant",
            "ligne 5 : slug « bonne-1 » déjà présent ligne 1",
            f"ligne 6 : type « podcast » inconnu (attendu : {', '.join(registry.names())})",
            "ligne 7 : secteur « rural » inconnu (attendu : sanitaire, médico-social, ville, transversal)",
            "ligne 8 : date « 2024-13-01 » invalide (format attendu : AAAA-MM-JJ)",
            "ligne 9 : champ « title » vide",
            "ligne 10 : champ « title » trop long (300 caractères, 255 au maximum)",
        ]
        assert "2 ressources importées (2 créées, 0 mise à jour, 0 inchangée), 8 lignes rejetées." in out
        assert sorted(ResourcePage.objects.values_list("slug", flat=True)) == ["bonne-1", "bonne-2"]
        assert HubDocument.objects.count() == 2 and len(media_files()) == 2
        assert Theme.objects.filter(name="Un thème tout neuf").exists()  # unknown themes are not errors

    def test_strict_mode_imports_nothing_from_a_file_with_bad_lines(self, tmp_path):
        path = catalogue(tmp_path, record(slug="bonne"), record(slug="mauvaise", sector="rural"))
        with pytest.raises(CommandError, match="1 ligne invalide : rien n'a été importé"):
            run(path, "--strict")
        assert not ResourcePage.objects.exists() and not HubDocument.objects.exists() and not media_files()

    def test_a_line_failing_after_its_file_was_stored_leaves_nothing_behind(self, tmp_path, site_tree):
        # A page that is not a resource already uses the slug under /ressources/: Wagtail refuses the page,
        # after the document and its file were written.
        site_tree["ressources"].add_child(instance=Page(title="Occupé", slug="occupe"))
        themes = Theme.objects.count()
        path = catalogue(tmp_path, record(slug="occupe", themes=["Thème neuf"]), record(slug="libre"))

        out, err = run(path)

        assert err.startswith("ligne 1 : page invalide (slug : ")
        assert "1 ressource importée (1 créée, 0 mise à jour, 0 inchangée), 1 ligne rejetée." in out
        assert list(ResourcePage.objects.values_list("slug", flat=True)) == ["libre"]
        assert HubDocument.objects.count() == 1
        assert media_files() == {Path(HubDocument.objects.get().file.name)}
        assert Theme.objects.count() == themes  # the new theme went with its line
        assert Page.find_problems() == ([], [], [], [], [])

    def test_a_database_failure_rolls_back_the_whole_line(self, tmp_path, monkeypatch):
        original = ResourceAudience.objects.bulk_create

        def fail_once(objs, *args, **kwargs):
            if any(obj.tag.name == "Panne" for obj in objs):
                raise RuntimeError("disque plein")
            return original(objs, *args, **kwargs)

        monkeypatch.setattr(ResourceAudience.objects, "bulk_create", fail_once)
        lines = [record(slug="a"), record(slug="b", audiences=["Panne"]), record(slug="c"), record(slug="d")]

        out, err = run(catalogue(tmp_path, *lines))

        assert err.strip() == "ligne 2 : échec de l'enregistrement (RuntimeError : disque plein)"
        assert sorted(ResourcePage.objects.values_list("slug", flat=True)) == ["a", "c", "d"]
        assert not Audience.objects.filter(name="Panne").exists()
        assert HubDocument.objects.count() == 3 and len(media_files()) == 3
        assert Page.find_problems() == ([], [], [], [], [])
        assert "3 ressources importées (3 créées, 0 mise à jour, 0 inchangée), 1 ligne rejetée." in out

    def test_a_pdf_that_cannot_be_made_rejects_its_line(self, tmp_path, monkeypatch):
        def broken(title, paragraphs, pages):
            if title == "Cassé":
                raise ValueError("police introuvable")
            return original(title, paragraphs, pages)

        original = pdfs.pdf.render_pdf
        monkeypatch.setattr(pdfs.pdf, "render_pdf", broken)
        out, err = run(catalogue(tmp_path, record(slug="a", title="Cassé"), record(slug="b")))
        assert err.strip() == "ligne 1 : génération du PDF impossible (police introuvable)"
        assert list(ResourcePage.objects.values_list("slug", flat=True)) == ["b"]

    def test_a_missing_file_is_a_command_error(self, tmp_path):
        with pytest.raises(CommandError, match="Fichier introuvable"):
            call_command("import_catalogue", str(tmp_path / "absent.jsonl"), "--quiet")

    def test_strict_mode_fails_on_lines_rejected_while_writing(self, tmp_path, site_tree):
        site_tree["ressources"].add_child(instance=Page(title="Occupé", slug="occupe"))
        with pytest.raises(CommandError, match="1 ligne rejetée"):
            run(catalogue(tmp_path, record(slug="occupe"), record(slug="libre")), "--strict")


@pytest.mark.django_db
def test_pdfs_are_made_in_worker_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfs, "PDF_WINDOW", 4)
    monkeypatch.setattr(pdfs, "PDF_BATCH", 2)  # batches of 2 lines, the last one of 1, 2 batches ahead
    lines = [record(slug=f"r-{i}", file_pages=1 + i % 3) for i in range(9)]
    out, err = io.StringIO(), io.StringIO()
    call_command("import_catalogue", str(catalogue(tmp_path, *lines)), "--jobs", "2", "-v", "2", stdout=out, stderr=err)

    assert "9 ressources importées (9 créées" in out.getvalue()
    assert "s dans ceux qui génèrent les PDF." in out.getvalue()  # -v 2: where the time went
    assert " 0,0 s dans ceux qui génèrent les PDF." not in out.getvalue()  # the workers did run
    assert "Import" in err.getvalue()  # the progress bar, on stderr
    pages = {page.slug: main_document(page).page_count for page in ResourcePage.objects.all()}
    assert pages == {f"r-{i}": 1 + i % 3 for i in range(9)}


@pytest.mark.django_db
def test_a_broken_worker_pool_falls_back_to_making_pdfs_here(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    class BrokenPool:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, *args):
            raise BrokenProcessPool("a worker died")

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(pdfs, "PDF_WINDOW", 2)
    monkeypatch.setattr(pdfs, "ProcessPoolExecutor", BrokenPool)
    out, err = run(catalogue(tmp_path, *[record(slug=f"r-{i}") for i in range(5)]), "--jobs", "2")
    assert "5 ressources importées (5 créées" in out and err == ""
