"""Chromium for the end-to-end journeys, and two third-party validators on every page they load.

Every context made from the `browser` fixture is watched: each `load` of a main-frame HTML
document of the site (not /admin/, which is Wagtail's) is checked by axe-core (0 violations of
any impact) and kept for the Nu Html Checker, run once per test over all its pages (0 errors).
A test that loaded a failing page fails, with the URL, the rule and the element. The validators
are the pinned npm packages of tests/e2e/package.json, installed by `make test`.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from .dbstate import migrations_data  # noqa: F401 - the journeys' fixture (dbstate.py)

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# made by fixtures here are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
MISSING_TOOLS = "Les validateurs sont absents ({}) : lancez `make test` (ou `bash scripts/ensure_e2e_tools.sh`)."

# Third-party frames (video embeds) are not ours, and axe waits a minute for a frame without axe.
AXE_RUN = "() => axe.run(document, {iframes: false, resultTypes: ['violations']}).then(r => r.violations)"

PRODUCTION_STACK = os.environ.get("TEST_STACK") == "production"


def is_checked_url(url, origin):
    """A public page of the site: under `origin` (any http(s) page when None), not the Wagtail admin."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    if origin and f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    return not parts.path.startswith("/admin/")


class PageChecker:
    """axe-core on each page load, the Nu Html Checker on the served HTML of all of them.

    Attach it to browser contexts; `problems()` then lists, in French, every violation and error
    of the pages loaded so far ("<url> — <rule> — <target>: <message>").
    """

    def __init__(self, origin=None):
        self.origin = origin
        self.documents = {}  # sha1 of the served HTML -> (url, html), for the Nu checker
        self.axe_findings = []
        self.checked_urls = []
        self._pages = []
        self._busy = {}  # page -> how many checks of its documents are running
        self._last_document = {}  # page -> the last main-frame document response
        self._without_javascript = set()  # contexts made with java_script_enabled=False
        self._replay_context = None

    # --- wiring ---------------------------------------------------------------------------
    def watch_context(self, context, javascript=True):
        if not javascript:
            self._without_javascript.add(context)
        context.on("page", self.watch_page)
        for page in context.pages:
            self.watch_page(page)
        close = context.close

        def drain_then_close(*args, **kwargs):
            for page in context.pages:
                self.drain(page)
            return close(*args, **kwargs)

        context.close = drain_then_close
        return context

    def watch_page(self, page):
        if page in self._pages:
            return
        self._pages.append(page)
        page.on("response", lambda response: self._on_response(page, response))
        page.on("load", self._on_load)
        close = page.close

        def drain_then_close(*args, **kwargs):
            self.drain(page)
            return close(*args, **kwargs)

        page.close = drain_then_close

    def _on_response(self, page, response):
        request = response.request
        if request.resource_type == "document" and request.frame == page.main_frame:
            self._last_document[page] = response

    def drain(self, page):
        try:
            while self._busy.get(page, 0) > 0 and not page.is_closed():
                page.wait_for_timeout(20)
        except PlaywrightError:  # the page or its context was closed
            pass

    def finish(self):
        """Wait for the checks still running (the test may end right after a page load)."""
        for page in self._pages:
            self.drain(page)
        if self._replay_context is not None:
            self._replay_context.close()
            self._replay_context = None

    # --- the checks -------------------------------------------------------------------------
    def _on_load(self, page):
        url = page.url
        response = self._last_document.pop(page, None)
        if response is None or response.url != url.split("#")[0] or not is_checked_url(url, self.origin):
            return
        if "text/html" not in (response.headers.get("content-type") or ""):
            return
        # The check runs in an event handler, beside the test, which may leave the page (click a
        # link, close it) while axe is still running: then the same HTML is replayed for axe.
        self._busy[page] = self._busy.get(page, 0) + 1
        try:
            html = self._served_html(page, response, url)
            self.documents.setdefault(hashlib.sha1(html.encode()).hexdigest(), (url, html))
            if page.context in self._without_javascript:
                violations = self._axe_on_replay(page, url, html, scripts=False)
            else:
                try:
                    violations = run_axe(page)
                except PlaywrightError:  # the page was left, or closed: "Execution context was destroyed"
                    violations = self._axe_on_replay(page, url, html, scripts=True)
            for violation in violations:
                for node in violation["nodes"]:
                    self.axe_findings.append(
                        f"{url} — axe {violation['id']} ({violation['impact']}) — "
                        f"{' '.join(map(str, node['target']))} : {violation['help']}"
                    )
            self.checked_urls.append(url)
        except Exception as error:  # noqa: BLE001 - reported as a finding, never hidden
            self.axe_findings.append(f"{url} — vérification axe impossible ({type(error).__name__}: {error})")
        finally:
            self._busy[page] -= 1

    @staticmethod
    def _served_html(page, response, url):
        try:
            return response.text()
        except PlaywrightError:
            # Chromium drops a no-store body once the test has left the page ("No resource with
            # given identifier"): the same GET again, with the page's cookies, serves the same HTML.
            again = page.context.request.get(url, max_redirects=0)
            if again.status != response.status:
                raise
            return again.text()

    def _axe_on_replay(self, page, url, html, scripts):
        """The same HTML at the same URL and size in a page of its own, for axe: when the test has
        left the page, or when JavaScript is off (axe needs it: the page's own scripts are then blocked)."""
        if self._replay_context is None:
            self._replay_context = page.context.browser.new_context(locale="fr-FR")
        replay = self._replay_context.new_page()
        if page.viewport_size:
            replay.set_viewport_size(page.viewport_size)

        def serve(route):
            request = route.request
            if request.url == url and request.is_navigation_request():
                return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            if request.resource_type == "script" and not scripts:
                return route.abort()
            return route.fallback()

        replay.route("**/*", serve)
        try:
            replay.goto(url)
            return run_axe(replay)
        finally:
            replay.close()

    def nu_findings(self):
        """The Nu Html Checker's errors on every document kept, in one JVM run."""
        if not self.documents:
            return []
        with tempfile.TemporaryDirectory(prefix="anap-vnu-") as folder:
            urls = {}  # file path -> page URL
            for index, (url, html) in enumerate(self.documents.values()):
                path = Path(folder).resolve() / f"page-{index}.html"
                path.write_text(html, encoding="utf-8")
                urls[str(path)] = url
            run = subprocess.run(
                ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *urls],
                capture_output=True,
                text=True,
                timeout=300,
            )
        try:
            messages = json.loads(run.stderr)["messages"]
        except (ValueError, KeyError):
            return [f"Nu Html Checker illisible (code {run.returncode}) : {run.stderr[:2000]}"]
        findings = []
        for message in messages:
            if message.get("type") not in ("error", "non-document-error"):
                continue
            url = urls.get(urlsplit(message.get("url", "")).path, message.get("url"))
            where = f"ligne {message.get('lastLine')}, « {' '.join(message.get('extract', '').split())} »"
            findings.append(f"{url} — Nu {message['type']} — {where} : {message.get('message')}")
        return findings

    def problems(self):
        """Each finding once (a page loaded twice gives the same ones)."""
        return list(dict.fromkeys(self.axe_findings + self.nu_findings()))


def run_axe(page):
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # The source is evaluated, not added as a <script> tag: a Content-Security-Policy
        # would block an inline tag, and the page's own policy is under test too.
        page.evaluate(AXE_JS.read_text())
    return page.evaluate(AXE_RUN)


class CheckedBrowser:
    """The session's Chromium, as the tests use it: every context it makes is watched."""

    def __init__(self, browser, checker):
        self._browser, self.checker = browser, checker

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        return self.checker.watch_context(context, javascript=kwargs.get("java_script_enabled", True))

    def new_page(self, **kwargs):
        context = self.new_context(**kwargs)
        page = context.new_page()
        close = page.close

        def close_with_context(*args, **close_kwargs):
            close(*args, **close_kwargs)
            context.close()

        page.close = close_with_context
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium est introuvable : lancez `bash scripts/ensure_chromium.sh` (make test le fait).")
    for tool in (AXE_JS, VNU_JAR):
        if not tool.exists():
            pytest.fail(MISSING_TOOLS.format(tool))
    if shutil.which("java") is None:
        pytest.fail(MISSING_TOOLS.format("java"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(request, chromium):
    """Chromium; every page loaded through it is checked by axe-core and the Nu Html Checker
    when the test ends (see pytest_runtest_call below)."""
    origin = None
    if "live_server" in request.fixturenames:
        origin = request.getfixturevalue("live_server").url
    checker = PageChecker(origin)
    request.node.stash[CHECKER] = checker
    return CheckedBrowser(chromium, checker)


CHECKER = pytest.StashKey()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a test that used `browser` passed: its pages must have 0 axe violations and 0 Nu errors."""
    outcome = yield
    checker = item.stash.get(CHECKER, None)
    if checker is not None:
        checker.finish()
        problems = checker.problems()
        if problems:
            raise AssertionError(
                f"{len(problems)} problème(s) d'accessibilité ou de validité HTML sur les pages visitées :\n"
                + "\n".join(problems)
            )
    return outcome


# --- The production stack (TEST_STACK=production, hub/settings/test_production.py) -----------

if PRODUCTION_STACK:

    @pytest.fixture(scope="session")
    def live_server():
        """pytest-django's live server, serving the WSGI application as production does: static
        files from WhiteNoise and the manifest (not from the finders), no media folder."""
        from django.core.handlers.wsgi import WSGIHandler
        from pytest_django.live_server_helper import LiveServer

        server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost", start=False)
        server.thread.static_handler = lambda _development_handlers: WSGIHandler()
        server.start()
        yield server
        server.stop()

    @pytest.fixture(scope="session", autouse=True)
    def media_on_s3(s3_server, django_db_setup):
        """Media and documents on a bucket of the moto server for the whole session."""
        import uuid

        from django.conf import settings
        from django.test import override_settings

        from conftest import s3_media_settings

        bucket = f"anap-e2e-{uuid.uuid4().hex[:12]}"
        overrides = override_settings(**s3_media_settings(s3_server, bucket, settings.STORAGES))
        overrides.enable()
        yield bucket
        overrides.disable()

    @pytest.fixture(autouse=True)
    def search_on_the_engine(request, settings, monkeypatch):
        """Each test gets its own index on the OpenSearch test node, and every search must be
        answered by the engine (no silent fallback to the database). The index, e-mails and the
        other background work go through the real queue: django-tasks-db's Worker loop runs in a
        thread beside the live server, on the test database, for the test."""
        from search import backends, indexing
        from search.backends.database import DatabaseBackend
        from search.tests.conftest import ENGINE_URL, drop_indices, use_engine

        if not ENGINE_URL:
            pytest.fail("TEST_STACK=production demande SEARCH_TEST_URL (scripts/test.sh le définit).")
        if "live_server" not in request.fixturenames:
            yield
            return
        use_engine(settings, ENGINE_URL)
        indexing.ensure_index()
        fallbacks = []
        for method in ("search", "suggest"):  # the database is asked only when the engine is off or failing
            real = getattr(DatabaseBackend, method)

            def recorded(self, *args, _method=method, _real=real, **kwargs):
                fallbacks.append(_method)
                return _real(self, *args, **kwargs)

            monkeypatch.setattr(DatabaseBackend, method, recorded)
        from tests.engine_nodes import worker_thread

        request.getfixturevalue("transactional_db")  # so the worker stops before the database is flushed
        with worker_thread():
            yield
        drop_indices(settings.SEARCH_INDEX_PREFIX)
        indexing.forget_ensured()
        backends.reset_breaker()
        assert not fallbacks, f"recherches servies par la base de données au lieu du moteur : {fallbacks}"
