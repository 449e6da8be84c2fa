"""The professional's journey in a real headless Chromium, through the UI only.

Home → a search typed without accents → facets (with and without JavaScript) → a resource →
its PDF → a kit's ZIP; suggestions while typing; the results on a 390-px phone. Every page
loaded is also checked by axe-core and the Nu Html Checker (conftest.py).
"""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.engine_nodes import wait_for_background_work

from .security import check_headers_and_error_pages

# The live server needs committed data, so this is a transactional test. A transactional
# test flushes the migrations' data (root page, vocabularies, groups) when it ends:
# serialized_rollback puts it back before each one, whatever the order they run in.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]

QUERY = "hopital de proximite"
PUBLICATION = "Hôpitaux de proximité : le programme d'accompagnement de l'Anap"
PROGRAMME = "Appui terrain hôpitaux de proximité"  # the demo's appui terrain is a resource too
KIT = "Kit HAD et EHPAD"
PHONE = {"width": 390, "height": 844}


def test_the_professional_journey(live_server, browser, tmp_path):
    call_command("load_demo", verbosity=0)
    wait_for_background_work()  # on the production stack the worker indexes the demo content
    context = browser.new_context(locale="fr-FR", accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    search_without_accents_and_filter(live_server, page)
    open_the_resource_and_its_pdf(page, tmp_path)
    download_a_kit(page)
    suggestions_while_typing(live_server, page)
    context.close()

    no_js = browser.new_context(locale="fr-FR", java_script_enabled=False)
    search_without_accents_and_filter(live_server, no_js.new_page())
    no_js.close()

    phone = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    results_first_on_a_phone(live_server, phone.new_page())
    phone.close()

    check_headers_and_error_pages(live_server, browser, tmp_path)


def result_titles(page):
    return page.locator("#search-results .fr-card__title").all_inner_texts()


def search_without_accents_and_filter(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "2 000 ressources en 1 clic"
    page.locator("#home-search-input").fill(QUERY)
    page.locator("#home-search-input").press("Enter")
    page.wait_for_url("**/recherche/?q=hopital+de+proximite")

    count = page.locator("#search-count")
    assert count.inner_text() == f"3 résultats pour « {QUERY} »"
    titles = result_titles(page)
    assert PUBLICATION in titles and PROGRAMME in titles and len(titles) == 3, titles
    # The accented words of the text are the ones found and highlighted.
    assert "proximité" in page.locator("#search-results mark").all_inner_texts()

    types = page.get_by_role("group", name="Type")
    assert types.get_by_text("Publication").is_visible()
    types.get_by_text("Publication").click()  # the label ticks its DSFR checkbox
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"/recherche/\?.*type=publication"))
    assert count.inner_text() == f"1 résultat pour « {QUERY} »"
    assert result_titles(page) == [PUBLICATION]
    assert page.get_by_role("group", name="Type").get_by_role("checkbox", name=re.compile("^Publication")).is_checked()
    assert page.get_by_role("link", name="Effacer les filtres").is_visible()


def open_the_resource_and_its_pdf(page, tmp_path):
    page.get_by_role("link", name=PUBLICATION).click()
    page.wait_for_url("**/ressources/hopitaux-de-proximite-programme-accompagnement/")
    assert page.get_by_role("heading", level=1).inner_text() == PUBLICATION

    link = page.locator("a.fr-download__link[href$='.pdf']").first
    detail = link.locator(".fr-download__detail").inner_text()
    assert detail.startswith("PDF – "), detail
    pages_shown = int(re.search(r"(\d+) pages", detail).group(1))
    with page.expect_download() as download:
        link.click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    reader = PdfReader(pdf)
    assert len(reader.pages) == pages_shown
    assert reader.metadata.title == "Hôpital de proximité : tout savoir sur la labellisation"
    assert "labellisation" in reader.pages[0].extract_text()


def download_a_kit(page):
    page.get_by_role("navigation", name="vous êtes ici :").get_by_role("link", name="Accueil").click()
    page.wait_for_url("**/")
    page.get_by_role("link", name=KIT).first.click()
    page.wait_for_url("**/ressources/kit-had-ehpad/")
    assert page.get_by_role("heading", level=1).inner_text() == KIT

    button = page.get_by_role("link", name=re.compile("^Télécharger le kit"))
    assert "(ZIP – " in button.inner_text()
    with page.expect_download() as download:
        button.click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    assert archive.testzip() is None
    summary = archive.read("sommaire.txt").decode()
    assert summary.startswith(f"Kit : {KIT}\n")
    # sommaire.txt lists each file of the archive on a line of its own, its details indented below.
    heading = re.search(r"^Contenu \((\d+) fichiers?\) :$", summary, re.M)
    assert heading, summary
    listed = [line for line in summary[heading.end() :].splitlines() if line and not line.startswith(" ")]
    assert len(listed) == int(heading.group(1)) >= 2, summary
    assert sorted(archive.namelist()) == sorted(["sommaire.txt", *listed])
    for name in listed:
        if name.endswith(".pdf"):
            assert len(PdfReader(io.BytesIO(archive.read(name))).pages) >= 1


def suggestions_while_typing(live_server, page):
    page.goto(live_server.url + "/")
    box = page.get_by_role("search").locator("#header-search-input")
    assert box.is_visible()
    box.press_sequentially("admiss", delay=60)
    # The suggestions are the options of the box's <datalist>, which Chromium shows under it.
    options = page.locator(f"datalist#{box.get_attribute('list')} option")
    options.first.wait_for(state="attached")
    suggested = [option.get_attribute("value") for option in options.all()]
    assert "Admission en HAD : comment être réactif ?" in suggested, suggested
    assert all("admission" in title.lower() for title in suggested), suggested


def results_first_on_a_phone(live_server, page):
    page.goto(live_server.url + "/")
    page.locator("#home-search-input").fill("HAD")
    page.locator("#home-search-input").press("Enter")
    page.wait_for_url("**/recherche/?q=HAD")
    screen = page.viewport_size

    def on_first_screen(locator):
        box = locator.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= screen["height"]

    count = page.locator("#search-count")
    assert re.fullmatch(r"\d+ résultats pour « HAD »", count.inner_text())
    assert on_first_screen(count), f"nombre de résultats hors du premier écran : {count.bounding_box()}"
    first = page.locator("#search-results .fr-card__title").first
    assert on_first_screen(first), f"premier résultat hors du premier écran : {first.bounding_box()}"

    # The facets are not on the first screen: a DSFR button (or accordion) leads to them.
    types = page.get_by_role("group", name="Type")
    assert not (types.is_visible() and on_first_screen(types))
    toggle = page.locator(".fr-btn, .fr-accordion__btn").filter(has_text=re.compile(r"^\s*filtr", re.I)).first
    assert on_first_screen(toggle)
    toggle.click()
    types.get_by_text("Publication").wait_for(state="visible")
    types.scroll_into_view_if_needed()
    assert types.get_by_role("checkbox").count() >= 2
