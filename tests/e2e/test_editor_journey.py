"""An editor's journey in Chromium, through the Wagtail admin only.

The editor logs in, uploads documents on the multiple-upload page, builds a kit with
ordered components (InlinePanel: add, fill, reorder) and submits it to "Relecture";
a moderator logs in, sets a go-live date in the schedule dialog and approves; once the
date has passed, `publish_scheduled` publishes the kit, whose ZIP downloads in the browser.
"""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from publications.models import FichePratiquePage, HubDocument, KitPage
from publications.pdf import make_pdf

from .admin import approve, log_in, member_of, submit_to_relecture

# Transactional: the live server's thread must see committed data. serialized_rollback
# puts back the migrations' data (groups, Relecture workflow, vocabularies) that the
# flush ending each transactional test removes.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]

KIT_TITLE = "Kit Sortie d'hospitalisation"
FICHE_TITLE = "Fiche pratique : préparer la sortie"


@pytest.fixture
def fiche(make_resource, make_document):
    """A live resource the kit will include, with its own PDF."""
    document = make_document(title="Fiche sortie", pages=2, text="Préparer la sortie du patient.")
    return make_resource(model=FichePratiquePage, title=FICHE_TITLE, documents=[document])


def upload_documents(page, live_server, tmp_path, files):
    page.goto(live_server.url + "/admin/documents/multiple/add/")
    expect(page.get_by_role("heading", name="Ajouter des documents")).to_be_attached()
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(path)
    page.locator("#fileupload").set_input_files(paths)
    # Each file gets its own edit form once uploaded.
    for name in files:
        expect(page.locator("#upload-list")).to_contain_text(name.rsplit(".", 1)[0])
    expect(page.locator("#upload-list .upload-success")).to_have_count(len(files))


def choose_document(page, row, title):
    row.get_by_role("button", name="Choisir un document").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("link", name=title).click()
    expect(row.locator(".document-chooser .chooser__title")).to_have_text(title)


def choose_page(page, row, title):
    row.get_by_role("button", name="Choisissez une page (Ressource)").click()
    dialog = page.get_by_role("dialog")
    # The chooser opens on "Ressources", the kit's parent, listing its resources.
    expect(dialog.get_by_role("heading", name="Choisir Ressource")).to_be_visible()
    dialog.get_by_role("link", name=title).click()
    expect(row.locator(".page-chooser .chooser__title")).to_have_text(title)


def component_rows(page):
    return page.locator("#id_components-FORMS > [data-inline-panel-child]:visible")


def test_an_editor_builds_a_kit_a_moderator_schedules_it_and_its_zip_downloads(
    live_server, browser, site_tree, fiche, tmp_path, let_go_live_pass
):
    member_of("Éditeurs", "editrice")
    member_of("Modérateurs", "moderateur")
    guide_pdf = make_pdf("Guide de sortie", ["Le guide de la sortie d'hospitalisation."], 2)
    checklist_pdf = make_pdf("Liste de contrôle", ["Les points à vérifier avant la sortie."], 1)

    # --- The editor uploads two documents on the multiple-upload page.
    editor = log_in(browser, live_server, "editrice")
    upload_documents(
        editor, live_server, tmp_path, {"Guide sortie.pdf": guide_pdf, "Liste controle.pdf": checklist_pdf}
    )
    editor.screenshot(path=tmp_path / "documents.png", full_page=True)
    guide = HubDocument.objects.get(title="Guide sortie")
    checklist = HubDocument.objects.get(title="Liste controle")
    assert guide.uploaded_by_user.username == "editrice" and guide.page_count == 2
    assert checklist.uploaded_by_user.username == "editrice" and checklist.page_count == 1

    # --- The kit: a new page under "Ressources", chosen in the page explorer.
    editor.goto(live_server.url + f"/admin/pages/{site_tree['ressources'].pk}/add_subpage/")
    editor.get_by_role("link", name="Kit", exact=True).click()
    expect(editor.get_by_label("Fil d'Ariane", exact=True)).to_contain_text("Nouveau: Kit")
    editor.get_by_placeholder("Titre de la page*").fill(KIT_TITLE)
    editor.get_by_role("textbox", name="Chapô*").fill("Tout pour organiser la sortie d'hospitalisation.")
    editor.get_by_role("combobox", name="Secteur*").select_option(label="Sanitaire")

    # Three components, added in one order, then reordered with "Monter".
    rows = component_rows(editor)
    expect(rows).to_have_count(1)
    rows.nth(0).get_by_role("combobox", name="Rôle dans le kit*").select_option(label="Outil")
    choose_document(editor, rows.nth(0), "Liste controle")
    editor.get_by_role("button", name="Ajouter un(e) composant").click()
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_role("combobox", name="Rôle dans le kit*").select_option(label="Fiche pratique")
    choose_page(editor, rows.nth(1), FICHE_TITLE)
    editor.get_by_role("button", name="Ajouter un(e) composant").click()
    expect(rows).to_have_count(3)
    rows.nth(2).get_by_role("combobox", name="Rôle dans le kit*").select_option(label="Synthèse")
    choose_document(editor, rows.nth(2), "Guide sortie")
    # The fiche first, the guide second, the checklist last.
    rows.nth(1).get_by_role("button", name="Monter").click()
    rows.nth(2).get_by_role("button", name="Monter").click()
    titles = [rows.nth(i).locator(".chooser:not(.blank) .chooser__title").inner_text() for i in range(3)]
    assert titles == [FICHE_TITLE, "Guide sortie", "Liste controle"]
    editor.wait_for_timeout(500)  # "Monter" animates the rows: let them settle for the screenshot
    editor.screenshot(path=tmp_path / "kit-editor.png", full_page=True)
    submit_to_relecture(editor)
    editor.context.close()

    kit = KitPage.objects.get(title=KIT_TITLE)
    assert not kit.live and kit.workflow_in_progress
    assert [(c.role, c.title) for c in kit.ordered_components()] == [
        ("fiche", FICHE_TITLE),
        ("synthese", "Guide sortie"),
        ("outil", "Liste controle"),
    ]

    # --- The moderator sets the go-live date in the schedule dialog, then approves.
    moderator = log_in(browser, live_server, "moderateur")
    edit_url = live_server.url + f"/admin/pages/{kit.pk}/edit/"
    moderator.goto(edit_url)
    go_live_at = (timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    moderator.get_by_role("button", name="Afficher/masquer le statut").click()
    moderator.get_by_role("button", name="Programmer").click()
    schedule = moderator.get_by_role("dialog", name="Définir la programmation de publication")
    go_live_field = schedule.get_by_label("Date/heure de publication")
    go_live_field.fill(timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M"))
    # The date picker opens over the dialog's button: a click on the dialog's title closes it.
    picker = moderator.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    schedule.get_by_role("heading", name="Définir la programmation de publication").click()
    expect(picker).to_have_count(0)
    expect(go_live_field).to_have_value(timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M"))
    moderator.screenshot(path=tmp_path / "schedule.png")
    schedule.get_by_role("button", name="Enregistrer la programmation").click()
    expect(moderator.locator(".messages")).to_contain_text("a été mise à jour")
    approve(moderator, edit_url)
    # Back in the explorer: approved, the kit waits for its date.
    expect(moderator.locator(".messages")).to_contain_text(f"La page « {KIT_TITLE} » a été mise à jour.")
    kit_row = moderator.get_by_role("row").filter(has_text=KIT_TITLE)
    expect(kit_row).to_contain_text("Programmée", ignore_case=True)
    moderator.context.close()

    kit.refresh_from_db()
    revision = kit.latest_revision
    assert not kit.live and revision.approved_go_live_at == go_live_at
    anonymous = browser.new_context(locale="fr-FR", accept_downloads=True).new_page()
    response = anonymous.goto(live_server.url + kit.url)
    assert response.status == 404
    call_command("publish_scheduled", verbosity=0)
    kit.refresh_from_db()
    assert not kit.live, "not before its go-live date"

    # --- The go-live date passes; publish_scheduled runs, as the cron job does.
    let_go_live_pass(revision)
    call_command("publish_scheduled", verbosity=0)
    kit.refresh_from_db()
    assert kit.live

    anonymous.goto(live_server.url + kit.url)
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(KIT_TITLE)
    contents = anonymous.locator(".kit-components")
    expect(contents).to_contain_text(FICHE_TITLE)
    text = contents.inner_text()
    assert text.index(FICHE_TITLE) < text.index("Guide sortie") < text.index("Liste controle")
    with anonymous.expect_download() as download_info:
        anonymous.get_by_role("link", name="Télécharger le kit").click()
    target = tmp_path / "kit.zip"
    download_info.value.save_as(target)
    assert download_info.value.suggested_filename == f"kit-{kit.slug}.zip"
    archive = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    assert archive.namelist() == [
        "sommaire.txt",
        "01-fiche-fiche-sortie.pdf",
        "02-synthese-guide-sortie.pdf",
        "03-outil-liste-controle.pdf",
    ]
    assert archive.read("02-synthese-guide-sortie.pdf") == guide_pdf
    assert archive.read("03-outil-liste-controle.pdf") == checklist_pdf
    assert archive.read("01-fiche-fiche-sortie.pdf") == fiche.documents.first().document.file.open("rb").read()
    assert archive.read("sommaire.txt").decode().startswith(f"Kit : {KIT_TITLE}\n")
