"""A structure's journey in Chromium: from the home page to an open appui terrain, the application with a
real PDF, its reference and e-mail (a real SMTP server), its follow-up; the team's selection in the admin and
the decision e-mail; a closed programme that refuses applications; the form's French errors.

Every public page loaded here goes through the page checker (axe-core and the Nu Html Checker, conftest)."""

import re

import pytest
from playwright.sync_api import expect

from programmes.models import Application
from programmes.tests.factories import make_programme
from publications.pdf import make_pdf

from .admin import log_in, member_of

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]

DIRECTOR = "direction@had-lauragais.fr"
PHYSICIAN = "medecin@had-lauragais.fr"
CADRE = "cadre@had-lauragais.fr"


@pytest.fixture
def hub(settings, live_server, site_tree, smtp):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.BASE_URL = live_server.url
    return live_server


def new_page(browser, width=1280):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    return context.new_page()


def shot(page, name, folder):
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def field(page, label):
    return page.get_by_label(re.compile("^" + re.escape(label)))


def fill_the_form(page, letter, **overrides):
    values = {
        "Nom de la structure": "HAD Lauragais",
        "Numéro FINESS": "01 078 019 5",
        "Nombre de patients pris en charge par jour": "42",
        "Nom du directeur": "Anne Durand",
        "Courriel du directeur": DIRECTOR,
        "Nom du médecin": "Dr Paul Martin",
        "Courriel du médecin": PHYSICIAN,
        "Nom du cadre de santé": "Claire Petit",
        "Courriel du cadre de santé": CADRE,
        "Motivation": "Développer les admissions directes depuis les urgences.",
        **overrides,
    }
    page.get_by_label("Statut de la structure").select_option(label="ESPIC (privé d'intérêt collectif)")
    page.get_by_label("Région").select_option(label="Occitanie")
    for label, value in values.items():
        field(page, label).fill(value)
    if letter:
        field(page, "Lettre d'engagement signée").set_input_files(str(letter))
    if not field(page, "J'accepte que l'Anap traite").is_checked():  # kept when the form comes back with errors
        page.locator("label").filter(has_text="J'accepte que l'Anap traite").click()
    expect(field(page, "J'accepte que l'Anap traite")).to_be_checked()


def test_a_structure_applies_and_the_team_selects_it(browser, hub, smtp, tmp_path):
    programme = make_programme(title="Appui terrain HAD", slug="appui-terrain-had")
    letter = tmp_path / "lettre-engagement.pdf"
    letter.write_bytes(make_pdf("Lettre d'engagement", ["Signée par la direction."], 1))

    page = new_page(browser)
    page.goto(hub.url + "/")
    block = page.get_by_role("region", name="Candidatures ouvertes")
    block.get_by_role("link", name="Appui terrain HAD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appui terrain HAD")
    expect(page.locator("#appel")).to_contain_text("Candidatures ouvertes")
    shot(page, "programme-desktop", tmp_path)
    page.get_by_role("link", name="Candidater").click()

    # Wrong input first: French messages, and nothing saved.
    fill_the_form(page, None, **{"Numéro FINESS": "010780196", "Courriel du médecin": "medecin@"})
    page.get_by_role("button", name="Envoyer la candidature").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 3 erreurs")
    expect(page.get_by_text("la clé de contrôle").first).to_be_visible()
    expect(page.get_by_text("Joignez la lettre d'engagement signée, au format PDF.").first).to_be_visible()
    shot(page, "form-errors-desktop", tmp_path)
    assert not Application.objects.exists()

    fill_the_form(page, letter)
    page.get_by_role("button", name="Envoyer la candidature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci, votre candidature est bien enregistrée")
    application = Application.objects.get()
    expect(page.locator(".hub-reference")).to_have_text(application.reference)
    assert (application.finess, application.activity_figure) == ("010780195", 42)

    for address in (DIRECTOR, PHYSICIAN, CADRE):
        body = smtp.wait_for(address, f"Candidature {application.reference} reçue")
    link = re.search(re.escape(hub.url) + r"/appuis-terrain/candidature/suivi/[\w-]+/", body).group(0)
    page.goto(link)
    expect(page.locator(".hub-decision")).to_have_text("En cours d'examen")

    # The team selects it in the admin.
    member_of("Équipe appuis terrain", "equipe")
    admin = log_in(browser, hub, "equipe")
    admin.get_by_role("link", name="Candidatures").first.click()
    expect(admin.get_by_role("link", name=re.compile(application.reference))).to_be_visible()
    shot(admin, "admin-selection", tmp_path)
    admin.get_by_role("link", name=re.compile(application.reference)).click()
    admin.locator("#id_decision").select_option(label="Retenue")
    admin.get_by_label("Commentaire de la décision").fill("Bienvenue : première session le 15 avril.")
    admin.get_by_role("button", name="Enregistrer").click()
    expect(admin.locator(".messages")).to_contain_text("le trio en est informé")

    body = smtp.wait_for(CADRE, f"Candidature {application.reference} : retenue")
    assert "Bienvenue : première session le 15 avril." in body
    page.goto(link)
    expect(page.locator(".hub-decision")).to_have_text("Retenue")
    expect(page.get_by_text("Bienvenue : première session le 15 avril.")).to_be_visible()

    mobile = new_page(browser, width=390)
    mobile.goto(hub.url + programme.url)
    shot(mobile, "programme-390", tmp_path)
    mobile.goto(hub.url + programme.apply_url())
    mobile.get_by_role("button", name="Envoyer la candidature").click()
    expect(mobile.get_by_role("alert")).to_contain_text("Le formulaire contient")
    shot(mobile, "form-errors-390", tmp_path)


def card(page, title):
    return page.locator(".fr-card").filter(has=page.get_by_role("link", name=title, exact=True))


def test_a_professional_filters_the_calls_by_status_and_each_card_says_it(browser, hub, tmp_path):
    make_programme(title="Appui terrain HAD", slug="appui-terrain-had")
    make_programme(title="Appui terrain hôpitaux de proximité", slug="appui-terrain-hp", opens=-90, closes=-1)
    page = new_page(browser)
    for _attempt in range(30):  # the production stack indexes through its worker: a few seconds at most
        page.goto(hub.url + "/recherche/?type=appui_terrain")
        if page.locator(".fr-card").count() == 2:
            break
        page.wait_for_timeout(1000)
    expect(card(page, "Appui terrain HAD")).to_contain_text("Candidatures ouvertes")
    expect(card(page, "Appui terrain hôpitaux de proximité")).to_contain_text("En cours")
    shot(page, "results-by-status-desktop", tmp_path)

    status = page.get_by_role("group", name="Statut de l'appel à candidatures")
    expect(status).to_contain_text("Candidatures ouvertes")
    status.locator("label", has_text="Candidatures ouvertes").click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"statut=candidatures_ouvertes"))
    expect(page.locator(".fr-card")).to_have_count(1)
    expect(card(page, "Appui terrain HAD")).to_contain_text("Candidatures ouvertes")

    mobile = new_page(browser, width=390)
    mobile.goto(page.url)
    expect(card(mobile, "Appui terrain HAD")).to_contain_text("Candidatures ouvertes")
    shot(mobile, "results-by-status-390", tmp_path)


def test_a_closed_programme_refuses_applications(browser, hub):
    programme = make_programme(title="Appui terrain hôpitaux de proximité", opens=-90, closes=-1)
    page = new_page(browser)
    page.goto(hub.url + programme.url)
    expect(page.locator("#appel")).to_contain_text("En cours")
    expect(page.locator("#appel")).to_contain_text("Les candidatures sont closes.")
    expect(page.get_by_role("link", name="Candidater")).to_have_count(0)
    page.goto(hub.url + programme.apply_url())
    expect(page.get_by_role("alert")).to_contain_text("Les candidatures sont closes")
    expect(page.get_by_role("button", name="Envoyer la candidature")).to_have_count(0)
    assert not Application.objects.exists()


def test_a_form_left_open_past_the_close_saves_nothing(browser, hub, tmp_path):
    programme = make_programme()
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(make_pdf("Lettre d'engagement", ["Signée."], 1))
    page = new_page(browser)
    page.goto(hub.url + programme.apply_url())
    fill_the_form(page, letter)
    from django.utils import timezone

    type(programme).objects.filter(pk=programme.pk).update(applications_close=timezone.now())
    page.get_by_role("button", name="Envoyer la candidature").click()
    expect(page.get_by_role("alert")).to_contain_text("Les candidatures sont closes")
    assert not Application.objects.exists()
