"""The page checker of conftest.py fails on broken pages, and only on the pages it must check.

Pages are served by Playwright routes on a made-up origin: no Django, no server.
"""

import pytest

from .conftest import PageChecker

pytestmark = pytest.mark.e2e

ORIGIN = "http://hub.test"

VALID = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Page correcte</title></head>
<body><header><p>Centre de ressources</p></header>
<main><h1>Une page correcte</h1><p><a href="/suite/">Page suivante</a></p></main></body></html>"""

# An image without text alternative (axe image-alt), an aria-labelledby on a plain div
# (Nu error, and the header modal's defect of issue #10), a div inside a span (Nu error).
BROKEN = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Page cassée</title></head>
<body><main><h1>Une page cassée</h1>
<img src="/logo.png">
<div id="modal" aria-labelledby="modal-title"><p id="modal-title">Titre</p></div>
<span><div>Lecteur</div></span>
</main></body></html>"""


@pytest.fixture
def served(chromium):
    """A watched context whose pages come from `pages` (path -> (content type, body))."""
    pages = {}
    checker = PageChecker(ORIGIN)
    context = checker.watch_context(chromium.new_context())

    def serve(route):
        path = route.request.url[len(ORIGIN) :]
        if path not in pages:
            return route.fulfill(status=404, content_type="text/plain", body="absent")
        content_type, body = pages[path]
        return route.fulfill(status=200, content_type=content_type, body=body)

    context.route(f"{ORIGIN}/**", serve)
    yield pages, checker, context.new_page()
    context.close()


def test_a_broken_page_is_reported_with_its_url_rule_and_target(served):
    pages, checker, page = served
    pages["/cassee/"] = ("text/html; charset=utf-8", BROKEN)
    page.goto(ORIGIN + "/cassee/")
    checker.finish()
    problems = checker.problems()
    axe = [p for p in problems if " — axe " in p]
    nu = [p for p in problems if " — Nu error " in p]
    assert any(p.startswith(f"{ORIGIN}/cassee/ — axe image-alt (critical) — img :") for p in axe), problems
    assert any("aria-labelledby" in p and p.startswith(f"{ORIGIN}/cassee/") for p in nu), problems
    assert any("Element “div” not allowed as child of element “span”" in p for p in nu), problems


def test_valid_pages_pass_and_a_page_left_at_once_is_still_checked(served):
    pages, checker, page = served
    pages["/"] = ("text/html; charset=utf-8", VALID)
    pages["/suite/"] = ("text/html; charset=utf-8", BROKEN.replace("Page cassée", "Suite"))
    page.goto(ORIGIN + "/")
    page.get_by_role("link", name="Page suivante").click()  # while axe may still run on "/"
    page.wait_for_url(ORIGIN + "/suite/")
    checker.finish()
    assert sorted(checker.checked_urls) == [ORIGIN + "/", ORIGIN + "/suite/"], checker.axe_findings
    problems = checker.problems()
    assert problems, "la page cassée /suite/ devait être signalée"
    assert all(p.startswith(ORIGIN + "/suite/ — ") for p in problems), problems


def test_admin_pages_other_sites_and_non_html_are_not_checked(served):
    pages, checker, page = served
    pages["/admin/pages/"] = ("text/html; charset=utf-8", BROKEN)
    pages["/flux.txt"] = ("text/plain; charset=utf-8", "<div aria-labelledby=x>")
    page.goto(ORIGIN + "/admin/pages/")
    page.goto(ORIGIN + "/flux.txt")
    page.set_content(BROKEN)  # about:blank, not the site
    checker.finish()
    assert checker.checked_urls == []
    assert checker.problems() == []


def test_pages_without_javascript_are_checked_too(chromium):
    checker = PageChecker(ORIGIN)
    context = checker.watch_context(chromium.new_context(java_script_enabled=False), javascript=False)
    context.route(f"{ORIGIN}/**", lambda route: route.fulfill(content_type="text/html", body=BROKEN))
    page = context.new_page()
    page.goto(ORIGIN + "/sans-js/")
    checker.finish()
    context.close()
    assert checker.checked_urls == [ORIGIN + "/sans-js/"], checker.problems()
    assert any(p.startswith(f"{ORIGIN}/sans-js/ — axe image-alt") for p in checker.problems())
