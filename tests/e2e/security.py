"""Headers and error pages in a real Chromium: no CSP violation on the pages people use (public and
admin), no request leaving the site from the admin, and the French 403 (CSRF) and 404 pages."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command

from publications.models import KitPage, PublicationPage, WebconferencePage

# No test of its own: the professional's journey (test_journey.py) runs these checks on the demo
# content it has already loaded.

# Runs in every document before its own scripts (Playwright injects it outside the page's CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""


class Watcher:
    """What a page did that it should not: CSP violations, console errors, script errors, outside requests."""

    def __init__(self, page, live_server_url):
        self.page = page
        self.host = urlsplit(live_server_url).hostname
        # Media on S3 come from the bucket's own origin (the moto server on the production stack):
        # the site's media, not another site.
        self.media_origin = urlsplit(getattr(settings, "AWS_S3_ENDPOINT_URL", None) or "")[:2]
        self.console, self.outside = [], []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        page.on("request", self._request)

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.console.append(message.text)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != self.host:
            if settings.AWS_STORAGE_BUCKET_NAME and parts[:2] == self.media_origin:
                return
            self.outside.append(request.url)

    def violations(self):
        return self.page.evaluate("window.__cspViolations || []")

    def assert_clean(self, where, outside_allowed=False):
        assert self.violations() == [], where
        assert [m for m in self.console if "Content Security Policy" in m or "pageerror" in m] == [], where
        if not outside_allowed:
            assert self.outside == [], where
        self.outside.clear()


def check_headers_and_error_pages(live_server, browser, tmp_path):
    call_command("load_demo", verbosity=0)
    User.objects.create_superuser("securite", "securite@anap.fr", "motdepasse-de-test")
    resource = PublicationPage.objects.live().order_by("pk").first()

    context = browser.new_context(locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    watcher = Watcher(page, live_server.url)

    the_watcher_sees_a_violation(live_server.url, page, watcher, browser.checker)
    public_pages_raise_no_csp_violation(live_server.url, page, watcher, resource)
    the_search_autocomplete_works_under_the_csp(live_server.url, page, watcher)
    the_form_works_under_the_csp(live_server.url, page, watcher)
    a_missing_csrf_cookie_gets_the_french_403(live_server.url, context, page, watcher, tmp_path)
    an_unknown_page_gets_the_french_404(live_server.url, page, watcher, tmp_path)
    the_admin_calls_no_other_site(live_server.url, page, watcher, resource, tmp_path)
    context.close()


def the_watcher_sees_a_violation(base, page, watcher, checker):
    """The check itself can fail: an inline style attribute is refused and reported."""
    page.goto(base + "/")
    checker.drain(page)  # axe checks the page as loaded, before the test adds its bad element
    # Inside <main>, with a harmless style: should axe still be running, the element breaks no rule.
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<p style=\"margin: 0\">x</p>')")
    for _ in range(50):
        if watcher.violations():
            break
        page.wait_for_timeout(100)
    assert [v.split()[0] for v in watcher.violations()] == ["style-src-attr"]
    assert any("Content Security Policy" in message for message in watcher.console)
    watcher.console.clear()
    page.goto(base + "/")  # a new document: a fresh record
    assert watcher.violations() == []


def public_pages_raise_no_csp_violation(base, page, watcher, resource):
    others = [model.objects.live().order_by("pk").first().url for model in (WebconferencePage, KitPage)]
    for path in ("/", resource.url, "/recherche/?q=ehpad", "/thematiques/", *others):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        # The DSFR's JavaScript ran: it marks the root element once started.
        assert page.evaluate("document.documentElement.hasAttribute('data-fr-js')"), path
        watcher.assert_clean(path, outside_allowed=True)  # the webinar's replay is an embed


def the_search_autocomplete_works_under_the_csp(base, page, watcher):
    page.goto(base + "/recherche/")
    field = page.locator("#header-search-input")
    if not field.is_visible():  # narrow screens: the search sits behind the header's button
        page.get_by_role("button", name="Rechercher").first.click()
    field.press_sequentially("ehp", delay=50)
    # (a locator, not wait_for_function: that one evaluates a string, which the CSP rightly forbids)
    page.locator("#header-search-input-suggestions option").first.wait_for(state="attached", timeout=10_000)
    watcher.assert_clean("autocomplete")


def the_form_works_under_the_csp(base, page, watcher):
    page.goto(base + "/bonnes-pratiques/proposer/")
    page.get_by_label("Titre de l'initiative").fill("Une initiative")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_load_state("networkidle")
    # Sent at once and incomplete: French errors, the input kept, and no CSP violation.
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Titre de l'initiative").input_value() == "Une initiative"
    watcher.assert_clean("formulaire")


def a_missing_csrf_cookie_gets_the_french_403(base, context, page, watcher, tmp_path):
    page.goto(base + "/bonnes-pratiques/proposer/")
    context.clear_cookies()  # as after a long pause or with cookies blocked
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Envoyer ma proposition").click()
    assert posted.value.status == 403
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Le formulaire n'a pas pu être vérifié"
    assert "Erreur 403" in page.locator("main").inner_text()
    assert "pas envoyé le cookie de sécurité" in page.locator("main").inner_text()
    assert_dsfr_styled(page)
    page.screenshot(path=tmp_path / "403-csrf.png", full_page=True)
    watcher.assert_clean("403 CSRF")


def an_unknown_page_gets_the_french_404(base, page, watcher, tmp_path):
    response = page.goto(base + "/cette-page-n-existe-pas/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    assert "Erreur 404" in page.locator("main").inner_text()
    assert_dsfr_styled(page)
    page.screenshot(path=tmp_path / "404.png", full_page=True)
    watcher.assert_clean("404")
    # Its search box leads to the search.
    page.get_by_label("Rechercher une ressource").fill("HAD")
    page.get_by_label("Rechercher une ressource").press("Enter")
    page.wait_for_url("**/recherche/?q=HAD")


def assert_dsfr_styled(page):
    # The DSFR's stylesheet applied: its primary button is blue France (#000091), not the browser's grey.
    color = page.locator(".fr-btn").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(0, 0, 145)"


def the_admin_calls_no_other_site(base, page, watcher, resource, tmp_path):
    watcher.outside.clear()
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill("securite")
    page.locator("#id_password").fill("motdepasse-de-test")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(base + "/admin/")
    page.wait_for_load_state("networkidle")
    watcher.assert_clean("tableau de bord de l'admin")

    page.goto(base + f"/admin/pages/{resource.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_title").input_value() == resource.title
    # The editor's scripts run: the side panel's preview and the StreamField controls are there.
    page.locator("[data-side-panel-toggle='preview']").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=tmp_path / "admin-edit.png", full_page=True)
    watcher.assert_clean("édition d'une page dans l'admin")
    page.goto(base + "/admin/account/")
    page.wait_for_load_state("networkidle")
    assert not page.locator("img[src*='gravatar']").count()
    watcher.assert_clean("compte dans l'admin")
