"""Recent search results kept per worker (search/backends/cached.py), dropped by any index write, on both backends."""

import re

import pytest

from search import backends, querylog

pytestmark = pytest.mark.django_db


def titles(data):
    return [item["title"] for item in data["results"]]


@pytest.fixture
def result_cache(settings):
    from django.core.cache import caches

    settings.SEARCH_RESULT_CACHE_SECONDS = 300
    caches["search"].clear()
    yield
    caches["search"].clear()


@pytest.fixture
def backend_calls(monkeypatch):
    """The searches that reached a backend (cache misses)."""
    from search.backends.fallback import FallbackBackend

    calls = []
    real_search = FallbackBackend.search

    def counting_search(self, *args, **kwargs):
        calls.append("search")
        return real_search(self, *args, **kwargs)

    monkeypatch.setattr(FallbackBackend, "search", counting_search)
    return calls


def test_a_repeated_search_is_answered_from_the_cache(search_backend, result_cache, make_resource, api, backend_calls):
    make_resource(title="Admission en HAD", themes=["urgences"])
    first = api(q="HAD")
    assert api(q="HAD") == first and titles(first) == ["Admission en HAD"]
    assert backend_calls == ["search"]
    api(q="HAD", theme="urgences")  # other parameters: another entry
    api(q="HAD", theme="urgences")
    api(q="HAD", tri="date")
    assert backend_calls == ["search"] * 3


def test_publishing_drops_cached_results_at_once(search_backend, result_cache, make_resource, api, backend_calls):
    make_resource(title="Admission en HAD")
    assert titles(api(q="HAD")) == ["Admission en HAD"]
    page = make_resource(title="Sortie d'HAD")  # published: indexed, then the cache version moves
    assert sorted(titles(api(q="HAD"))) == ["Admission en HAD", "Sortie d'HAD"]
    page.unpublish()
    assert titles(api(q="HAD")) == ["Admission en HAD"]
    assert backend_calls == ["search"] * 3


def test_the_searches_are_still_logged_for_the_report(search_backend, result_cache, make_resource, api):
    from search.models import QueryLog

    make_resource(title="Admission en HAD")
    api(q="HAD")
    api(q="HAD")
    querylog.flush_log()
    assert QueryLog.objects.get(query="had").searches == 2


def test_a_fallback_answer_to_an_engine_failure_is_not_kept(settings, result_cache, make_resource, api, backend_calls):
    settings.SEARCH_URL = "http://127.0.0.1:9"  # configured but unreachable: the engine fails
    settings.SEARCH_TIMEOUT = 0.5
    settings.SEARCH_BREAKER_FAILURES = 1  # the first failure opens the breaker here
    backends.reset_breaker()
    make_resource(title="Admission en HAD")
    try:
        assert api(q="HAD")["fallback"] is True  # the engine failed: the database answered
        assert api(q="HAD")["fallback"] is True  # the breaker is open: the fallback's own answer…
        assert api(q="HAD")["fallback"] is True  # …is kept for the fallback
        assert backend_calls == ["search", "search"]
        backends.reset_breaker()  # the engine would be tried again: nothing cached for it
        assert api(q="HAD")["fallback"] is True
        assert backend_calls == ["search"] * 3
    finally:
        backends.reset_breaker()


def test_off_when_the_setting_is_zero(search_backend, settings, make_resource, api, backend_calls):
    settings.SEARCH_RESULT_CACHE_SECONDS = 0
    make_resource(title="Admission en HAD")
    api(q="HAD")
    api(q="HAD")
    assert backend_calls == ["search", "search"]


def page_html(client, **params):
    """The results page without what changes on every response (the CSP nonce)."""
    return re.sub(r'nonce="[^"]*"', "", client.get("/recherche/", params).content.decode())


def test_the_results_page_from_the_fragment_cache_is_the_page_rendered_afresh(
    search_backend, result_cache, make_resource, client, settings
):
    make_resource(title="Admission en HAD", themes=["urgences"])
    first = page_html(client, q="HAD")
    assert "Admission en HAD" in first and 'id="facet-theme"' in first
    assert page_html(client, q="HAD") == first  # the result, its facets and cards from the cache
    settings.SEARCH_RESULT_CACHE_SECONDS = 0
    caches_cleared()
    assert page_html(client, q="HAD") == first  # rendered afresh: the same page
    settings.SEARCH_RESULT_CACHE_SECONDS = 300
    assert page_html(client, q="HAD") == first  # kept again
    make_resource(title="Sortie d'HAD", themes=["urgences"])  # new data: new fragments
    after = page_html(client, q="HAD")
    assert "Sortie d&#x27;HAD" in after and "2 ressources" in after


def caches_cleared():
    from django.core.cache import caches

    caches["search"].clear()
