"""Private documents in a real headless Chromium: the resource page lists only what the visitor
may download, and the file URL gives the login page or the password form, never the file."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.engine_nodes import wait_for_background_work

# A transactional test (the live server needs committed data), on the migrations' data as every
# journey (dbstate.py).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]


@pytest.fixture
def site_tree(migrations_data):
    from core.site_tree import ensure_site_tree

    return ensure_site_tree()


def is_the_file(document):
    return lambda response: response.url.endswith(document.url) and response.status == 200


def test_private_documents_in_chromium(live_server, browser, private_content, tmp_path):
    docs, pages = private_content["docs"], private_content["pages"]
    wait_for_background_work()  # on the production stack the worker updates the reference index
    User.objects.create_user("adherente", password="motdepasse-adherente", is_staff=False)
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    page = context.new_page()

    # The public page lists its public documents only.
    page.goto(live_server.url + pages["public"].url)
    links = page.locator("a.fr-download__link")
    assert [link.get_attribute("href") for link in links.all()] == [docs["shared"].url, docs["public"].url]
    assert "Note interne" not in page.content()
    page.screenshot(path=tmp_path / "public-page-anonymous.png", full_page=True)  # kept by pytest for review
    with page.expect_download() as download:
        links.first.click()
    target = tmp_path / "guide.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    # The kit lists neither the restricted pages nor the private document.
    page.goto(live_server.url + private_content["kit"].url)
    kit_text = page.locator("#contenu-kit").locator("..").inner_text()
    assert "Guide public" in kit_text
    assert "Compte rendu du bureau" not in kit_text and "Note interne" not in kit_text

    # The file URLs of the members' and the collection's PDFs: the login page.
    for name in ("members", "collection"):
        response = page.goto(live_server.url + docs[name].url)
        assert "login" in page.url and response.headers["content-type"].startswith("text/html"), name
        assert page.get_by_role("heading", level=1).inner_text() == "Connexion"
        assert page.locator("input[name=password]").count() == 1

    # The password page's PDF: the password form, then the file.
    page.goto(live_server.url + docs["password"].url)
    assert page.get_by_role("heading", level=1).inner_text() == "Mot de passe requis"
    page.get_by_label("Mot de passe").fill("faux")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Mot de passe incorrect")).to_be_visible()  # refused: the form again, in French
    page.get_by_label("Mot de passe").fill("sesame")
    with page.expect_response(is_the_file(docs["password"])) as response:  # a PDF opens inline
        page.get_by_role("button", name="Continuer").click()
    assert response.value.headers["content-type"] == "application/pdf"
    assert page.request.get(live_server.url + docs["password"].url).body().startswith(b"%PDF")  # same cookies

    # Logged in through the login form, the collection's PDF is listed and downloads.
    page.goto(live_server.url + docs["collection"].url)
    page.get_by_label("Identifiant").fill("adherente")
    page.get_by_label("Mot de passe").fill("motdepasse-adherente")
    with page.expect_response(is_the_file(docs["collection"])) as response:
        page.get_by_role("button", name="Se connecter").click()
    assert response.value.headers["content-type"] == "application/pdf"
    assert page.request.get(live_server.url + docs["collection"].url).body().startswith(b"%PDF")
    page.goto(live_server.url + pages["public"].url)
    hrefs = [link.get_attribute("href") for link in page.locator("a.fr-download__link").all()]
    assert hrefs == [docs["shared"].url, docs["public"].url, docs["collection"].url]
    page.screenshot(path=tmp_path / "public-page-logged-in.png", full_page=True)
    context.close()
