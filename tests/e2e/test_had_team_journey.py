"""A HAD team's journey in Chromium: the good-practice form, its e-mails, moderation, publication, search.

The e-mails go through Django's SMTP backend to a real SMTP server (aiosmtpd) started
by the test; the links they hold are followed in the browser as written. Moderators
and editors work in the Wagtail admin, logged in through its login form.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from bonnes_pratiques.models import BonnePratiquePage, Submission, SubmissionFile
from core.models import OutgoingEmail
from publications.pdf import make_pdf
from tests.engine_nodes import wait_for_background_work

from .admin import approve, log_in, member_of, submit_to_relecture

# Transactional: the live server's thread must see committed data. serialized_rollback
# puts back the migrations' data (groups, Relecture workflow, vocabularies) that the
# flush ending each transactional test removes.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]

PROPOSE = "/bonnes-pratiques/proposer/"
TITLE = "Infirmière de liaison HAD aux urgences de Castelnaudary"
SEARCH_WORD = "Castelnaudary"  # in the title only: the search box must find the published page by it
SUBMITTER = "claire.martin@had-example.fr"
MODERATOR = "moderateur@anap.fr"
CHANGES = "Pouvez-vous préciser le nombre de patients concernés et joindre le bilan à six mois ?"
REPLY = "42 patients en six mois. Le bilan est joint."


@pytest.fixture
def hub(settings, live_server, site_tree, smtp):
    """The site on the live server: private links in e-mails point at it; no minimum fill time."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.BASE_URL = live_server.url
    settings.BONNES_PRATIQUES_MIN_FILL_SECONDS = 0
    return live_server


def new_page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    return context.new_page()


def pdf_file(tmp_path, name, title, text):
    path = tmp_path / name
    path.write_bytes(make_pdf(title, [text], 1))
    return path


def fill_the_form(page, attachments=(), **overrides):
    """Fill every field as a person would: by label, from top to bottom."""
    values = {
        "Nom de la structure": "HAD Lauragais",
        "Numéro FINESS": "110000001",
        "Nom et prénom": "Claire Martin",
        "Fonction": "Cadre de santé",
        "Courriel": SUBMITTER,
        "Titre de l'initiative": TITLE,
        "Contexte": "Les patients attendaient aux urgences avant une admission en HAD.",
        "Ce que vous avez fait": "Une infirmière de liaison passe chaque matin aux urgences.",
        "Résultats et impact": "Admission en HAD le jour même pour huit patients sur dix.",
        "Enseignements": "Impliquer les urgentistes dès le départ.",
        **overrides,
    }
    page.get_by_label("Type de structure").select_option(label="Hospitalisation à domicile (HAD)")
    page.get_by_label("Région").select_option(label="Occitanie")
    for label, value in values.items():
        field(page, label).fill(value)
    tick(page, "Hospitalisation à domicile (HAD)")
    tick(page, "Équipes HAD")
    if attachments:
        page.get_by_label("Pièces jointes").set_input_files(list(attachments))
    tick(page, "J'accepte que cette initiative soit publiée")
    tick(page, "J'accepte que mes nom, fonction et courriel soient affichés")


def field(page, label):
    """A field by the start of its label (labels hold their hints; the consents mention "fonction")."""
    return page.get_by_label(re.compile("^" + re.escape(label)))


def tick(page, label):
    """A DSFR checkbox: its label covers the box, so a person clicks the label."""
    page.locator("label").filter(has_text=re.compile("^" + re.escape(label))).click()
    expect(field(page, label)).to_be_checked()


def private_link(live_server, body):
    match = re.search(re.escape(live_server.url) + r"/bonnes-pratiques/suivi/[\w-]+/", body)
    assert match, body
    return match.group(0)


def the_private_link_never_leaves_the_site(page, status_url):
    """The status page's token reaches no other site in a Referer, and no cache keeps the page.
    The other site is answered by Playwright itself: nothing leaves this machine."""
    token = status_url.rstrip("/").rsplit("/", 1)[-1]
    sent = []

    def other_site(route):
        sent.append(route.request.all_headers())
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Ailleurs</title>")

    page.route("https://www.legifrance.gouv.fr/**", other_site)
    response = page.goto(status_url)
    assert "no-store" in response.headers["cache-control"] and response.headers["referrer-policy"] == "same-origin"
    page.get_by_role("link", name="legifrance.gouv.fr").click()
    page.wait_for_url("https://www.legifrance.gouv.fr/**")
    assert len(sent) == 1 and "referer" not in sent[0]
    assert all(token not in value for value in sent[0].values())
    page.unroute("https://www.legifrance.gouv.fr/**")
    page.goto(status_url)


def test_a_practice_from_the_form_to_the_search_box(hub, browser, smtp, tmp_path):
    member_of("Modérateurs", "moderateur")
    member_of("Éditeurs", "editrice")

    # --- The HAD team fills the form, with a real PDF.
    submitter = new_page(browser)
    submitter.goto(hub.url + PROPOSE)
    expect(submitter.get_by_role("heading", level=1)).to_have_text("Proposer une bonne pratique")
    bilan = pdf_file(
        tmp_path, "bilan-initiative.pdf", "Bilan de l'initiative", "Huit patients sur dix admis le jour même."
    )
    fill_the_form(submitter, attachments=[bilan])
    submitter.screenshot(path=tmp_path / "form.png", full_page=True)
    submitter.get_by_role("button", name="Envoyer ma proposition").click()

    # --- The confirmation page and its reference.
    expect(submitter.get_by_role("heading", level=1)).to_have_text("Merci, votre proposition est bien enregistrée")
    reference = submitter.locator(".hub-reference").inner_text()
    assert re.fullmatch(r"BP-\d{4}-\d{6}", reference)
    expect(submitter.get_by_role("status")).to_contain_text(f"Référence : {reference}")
    expect(submitter.get_by_text(SUBMITTER)).to_be_visible()
    submitter.screenshot(path=tmp_path / "confirmation.png", full_page=True)
    submission = Submission.objects.get()
    assert submission.reference == reference and submission.status == Submission.Status.NEW
    assert [item.name for item in submission.files.all()] == ["bilan-initiative.pdf"]

    # --- The acknowledgement reaches the SMTP server, with the private link; the moderators are told too.
    body = smtp.wait_for(SUBMITTER, f"Votre proposition {reference} est bien enregistrée")
    status_url = private_link(hub, body)
    assert "Bonjour Claire Martin" in body and "ne le partagez pas" in body
    moderators_body = smtp.wait_for(MODERATOR, reference)
    assert TITLE in moderators_body
    submitter.goto(status_url)
    expect(submitter.get_by_role("heading", level=1)).to_have_text("Suivi de votre proposition")
    expect(submitter.locator(".hub-status")).to_contain_text(reference)
    expect(submitter.locator(".hub-status .fr-badge")).to_have_text("Nouvelle")
    expect(submitter.get_by_role("link", name="bilan-initiative.pdf")).to_be_visible()
    submitter.screenshot(path=tmp_path / "status-new.png", full_page=True)
    the_private_link_never_leaves_the_site(submitter, status_url)

    # --- A moderator, in the admin, asks for changes.
    moderator = log_in(browser, hub, "moderateur")
    moderator.get_by_role("button", name="Modération").click()
    moderator.get_by_role("link", name="Propositions").click()
    row = moderator.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Nouvelle")
    row.get_by_role("link", name=reference).click()
    expect(moderator.locator("main")).to_contain_text(f"Référence{reference}")
    moderator.get_by_label("Demander des modifications").fill(CHANGES)
    moderator.get_by_role("button", name="Demander des modifications").click()
    expect(moderator.locator(".messages")).to_contain_text(f"Demande de modification envoyée pour {reference}.")
    expect(moderator.get_by_text("Statut : Modifications demandées")).to_be_visible()

    # --- The submitter gets the question by e-mail, follows the link, answers with a new file.
    body = smtp.wait_for(SUBMITTER, "des précisions sont demandées")
    assert CHANGES in body and private_link(hub, body) == status_url
    submitter.goto(status_url)
    expect(submitter.locator(".hub-status .fr-badge")).to_have_text("Modifications demandées")
    expect(submitter.locator(".hub-history")).to_contain_text(CHANGES)
    complement = pdf_file(tmp_path, "bilan-six-mois.pdf", "Bilan à six mois", "42 patients admis en six mois.")
    submitter.get_by_label("Votre réponse").fill(REPLY)
    submitter.get_by_label("Ajouter des fichiers").set_input_files([complement])
    submitter.screenshot(path=tmp_path / "status-reply.png", full_page=True)
    submitter.get_by_role("button", name="Envoyer ma réponse").click()
    expect(submitter.get_by_role("status")).to_contain_text("Votre réponse a bien été transmise")
    expect(submitter.locator(".hub-status .fr-badge")).to_have_text("Nouvelle")
    expect(submitter.get_by_role("link", name="bilan-six-mois.pdf")).to_be_visible()
    body = smtp.wait_for(MODERATOR, f"Réponse du déposant : {reference}")
    assert REPLY in body

    # --- The moderator follows the e-mail's admin link, reads the answer and accepts: a prefilled draft.
    admin_link = re.search(re.escape(hub.url) + r"/admin/propositions/inspect/\d+/", body).group(0)
    moderator.goto(admin_link)
    expect(moderator.get_by_text(REPLY)).to_be_visible()
    expect(moderator.get_by_role("link", name="bilan-six-mois.pdf")).to_be_visible()
    moderator.get_by_role("button", name="Accepter et créer le brouillon").click()
    expect(moderator.locator(".messages")).to_contain_text(f"Proposition {reference} acceptée")
    practice = BonnePratiquePage.objects.get(title=TITLE)
    assert not practice.live
    moderator.context.close()

    # --- An editor finds the draft in the page explorer and submits it to Relecture.
    editor = log_in(browser, hub, "editrice")
    editor.goto(hub.url + f"/admin/pages/{practice.get_parent().pk}/")
    editor.get_by_role("link", name=TITLE).first.click()
    expect(editor.get_by_placeholder("Titre de la page*")).to_have_value(TITLE)
    submit_to_relecture(editor, after_changes=False)
    editor.context.close()

    # --- A moderator approves: the page is published, the submitter is told.
    moderator = log_in(browser, hub, "moderateur")
    approve(moderator, hub.url + f"/admin/pages/{practice.pk}/edit/")
    expect(moderator.locator(".messages")).to_contain_text(TITLE)
    practice.refresh_from_db()
    assert practice.live
    moderator.context.close()
    body = smtp.wait_for(SUBMITTER, "publiée")
    assert practice.get_url() in body

    # --- Anyone finds the new page with the site's search box, and its PDFs.
    visitor = new_page(browser)
    visitor.goto(hub.url + "/")
    search = visitor.get_by_label("Rechercher une ressource")
    search.fill(SEARCH_WORD)
    search.press("Enter")
    visitor.wait_for_url(re.compile(r"/recherche/\?q=" + SEARCH_WORD))
    visitor.get_by_role("link", name=TITLE).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    with visitor.expect_download() as download_info:
        visitor.locator("a.fr-download__link").first.click()
    target = tmp_path / "telechargement.pdf"
    download_info.value.save_as(target)
    pdf = PdfReader(target)
    assert len(pdf.pages) == 1 and "Huit patients sur dix" in pdf.pages[0].extract_text()  # the team's own PDF

    # --- The status page says it is published, with a link to it.
    submitter.goto(status_url)
    expect(submitter.locator(".hub-status .fr-badge")).to_have_text("Acceptée")
    expect(submitter.get_by_role("link", name=TITLE)).to_be_visible()


def test_bad_input_gives_french_messages_and_saves_nothing(hub, browser, smtp, tmp_path):
    page = new_page(browser)
    page.goto(hub.url + PROPOSE)
    program = tmp_path / "outil.exe"
    program.write_bytes(b"MZ\x90\x00\x03" + b"\x00" * 200)
    fill_the_form(page, attachments=[program], **{"Titre de l'initiative": "", "Courriel": "claire.martin@"})
    page.get_by_role("button", name="Envoyer ma proposition").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient 3 erreurs")
    title_group = page.locator(".fr-input-group", has=field(page, "Titre de l'initiative"))
    expect(title_group).to_contain_text("Ce champ est obligatoire.")
    email_group = page.locator(".fr-input-group", has=field(page, "Courriel"))
    expect(email_group).to_contain_text("Saisissez une adresse e-mail valide.")
    upload_group = page.locator(".fr-upload-group")
    expect(upload_group).to_contain_text(
        "« outil.exe » refusé : les programmes et scripts exécutables ne sont pas acceptés."
    )
    # What was typed is kept.
    expect(field(page, "Nom de la structure")).to_have_value("HAD Lauragais")
    expect(field(page, "Courriel")).to_have_value("claire.martin@")
    page.screenshot(path=tmp_path / "form-errors.png", full_page=True)

    # A web page named like a PDF, the rest corrected: refused by its content.
    disguised = tmp_path / "rapport.pdf"
    disguised.write_bytes(b"<html><body>Pas un PDF</body></html>")
    field(page, "Titre de l'initiative").fill(TITLE)
    field(page, "Courriel").fill(SUBMITTER)
    page.get_by_label("Pièces jointes").set_input_files([disguised])
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(summary).to_contain_text("Le formulaire contient 1 erreur")
    expect(page.locator(".fr-upload-group")).to_contain_text(
        "« rapport.pdf » refusé : les pages HTML ne sont pas acceptées."
    )

    assert Submission.objects.count() == 0
    assert SubmissionFile.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert smtp.messages == []


def test_with_the_mail_server_down_the_submission_is_kept_and_mailed_once_it_is_back(hub, browser, smtp, tmp_path):
    member_of("Modérateurs", "moderateur")
    smtp.stop()
    page = new_page(browser)
    page.goto(hub.url + PROPOSE)
    fill_the_form(page)
    page.get_by_role("button", name="Envoyer ma proposition").click()

    # Saved and confirmed, though nothing could be sent.
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci, votre proposition est bien enregistrée")
    reference = page.locator(".hub-reference").inner_text()
    wait_for_background_work()  # on the production stack the worker makes the first attempt
    submission = Submission.objects.get(reference=reference)
    emails = OutgoingEmail.objects.filter(submission=submission)
    assert emails.count() == 2  # the acknowledgement and the moderators' notice
    assert all(e.status == OutgoingEmail.Status.PENDING and e.attempts == 1 and e.last_error for e in emails)

    # The worker's run while the server is still down: still pending, nothing lost.
    call_command("send_pending_emails", verbosity=0)
    assert set(emails.values_list("status", "attempts")) == {(OutgoingEmail.Status.PENDING, 2)}

    # The server is back: the next run sends each e-mail once; later runs send nothing again.
    smtp.start()
    call_command("send_pending_emails", verbosity=0)
    call_command("send_pending_emails", verbosity=0)
    assert set(emails.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
    body = smtp.wait_for(SUBMITTER, f"Votre proposition {reference} est bien enregistrée")
    assert reference in smtp.wait_for(MODERATOR, reference)
    assert len(smtp.messages) == 2

    page.goto(private_link(hub, body))
    expect(page.locator(".hub-status")).to_contain_text(reference)
    expect(page.locator(".hub-status .fr-badge")).to_have_text("Nouvelle")
