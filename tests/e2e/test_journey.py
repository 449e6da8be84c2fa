"""A professional's journey in a real headless Chromium: home → theme → resource → download."""

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from .dbstate import migrations_data  # noqa: F401 - a fixture

# The live server needs committed data, so this is a transactional test. A transactional
# test flushes the migrations' data (root page, vocabularies, groups) when it ends:
# serialized_rollback puts it back before each one, whatever the order they run in.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]


def test_journeys_in_chromium(live_server, browser, tmp_path):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    from_home_to_a_downloaded_pdf(live_server, context.new_page(), tmp_path)
    context.close()
    the_search_box_works_without_javascript(live_server, browser)


def from_home_to_a_downloaded_pdf(live_server, page, tmp_path):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "2 000 ressources en 1 clic"
    assert page.get_by_role("search").first.is_visible()

    page.get_by_role("link", name="Hospitalisation à domicile (HAD)").first.click()
    page.wait_for_url("**/thematiques/hospitalisation-a-domicile-had/")
    assert "Hospitalisation à domicile (HAD)" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("link", name="Admission en HAD : comment être réactif ?").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Admission en HAD : comment être réactif ?"

    download_link = page.locator("a.fr-download__link").first
    with page.expect_download() as download_info:
        download_link.click()
    target = tmp_path / "ressource.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(target).pages) >= 1


def the_search_box_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("#home-search-input").fill("EHPAD")
    page.locator("#home-search-input").press("Enter")
    page.wait_for_url("**/recherche/?q=EHPAD")
    assert "résultat" in page.get_by_role("status").first.inner_text()
    context.close()
