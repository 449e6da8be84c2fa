"""The wrappers of search.backends.get_backend(): the breaker and fallback, then the result cache.

Fake engine and database backends stand in for the real ones (the real ones are tested in
test_search.py, test_engine.py and test_fallback.py): what is tested here is who is asked,
when, and what is kept.
"""

import inspect

import pytest
from django.http import QueryDict

from core import content_version
from search import backends
from search.backends import fallback as fallback_module
from search.backends.base import Backend, SearchResult
from search.backends.cached import CachedBackend
from search.backends.database import DatabaseBackend
from search.backends.engine import EngineBackend
from search.backends.fallback import FallbackBackend
from search.forms import parse


class Fake:
    """A backend that answers with its name, or raises when told to fail."""

    def __init__(self, name, fail=False):
        self.name, self.fail, self.calls = name, fail, []

    def search(self, params, exclude_ids=()):
        self.calls.append(("search", params.q, tuple(exclude_ids)))
        if self.fail:
            raise ConnectionError("refused")
        return SearchResult(count=len(self.calls), backend=self.name)

    def suggest(self, q, size=8):
        self.calls.append(("suggest", q, size))
        if self.fail:
            raise ConnectionError("refused")
        return [{"title": f"{self.name}: {q}", "url": "/"}]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(fallback_module.time, "monotonic", clock)
    return clock


@pytest.fixture
def configured(settings):
    settings.SEARCH_URL = "http://127.0.0.1:9"  # only read to know an engine is configured
    settings.SEARCH_RETRY_AFTER = 30
    settings.SEARCH_BREAKER_FAILURES = 3
    settings.SEARCH_BREAKER_WINDOW = 10
    backends.reset_breaker()
    yield
    backends.reset_breaker()


def params(query="q=had"):
    return parse(QueryDict(query))


def test_every_backend_has_the_protocols_methods():
    wanted = {name: inspect.signature(getattr(Backend, name)) for name in ("search", "suggest")}
    for backend in (EngineBackend, DatabaseBackend, FallbackBackend, CachedBackend):
        for name, signature in wanted.items():
            assert list(inspect.signature(getattr(backend, name)).parameters) == list(signature.parameters), (
                backend,
                name,
            )


@pytest.mark.django_db
def test_the_engine_answers_when_it_is_up(configured, clock):
    engine, database = Fake("engine"), Fake("database")
    stack = FallbackBackend(engine=lambda: engine, fallback=database)
    result = stack.search(params(), exclude_ids=[4])
    assert (result.backend, result.fallback) == ("engine", False)
    assert stack.suggest("hosp") == [{"title": "engine: hosp", "url": "/"}]
    assert engine.calls == [("search", "had", (4,)), ("suggest", "hosp", 8)] and database.calls == []


@pytest.mark.django_db
def test_one_failure_falls_back_for_that_request_only(configured, clock, caplog):
    engine, database = Fake("engine", fail=True), Fake("database")
    stack = FallbackBackend(engine=lambda: engine, fallback=database)
    result = stack.search(params())
    assert (result.backend, result.fallback) == ("database", True)
    assert any("this search answered by the database" in record.getMessage() for record in caplog.records)
    assert stack.route == "engine"
    engine.fail = False
    clock.now += 0.1
    assert stack.search(params()).backend == "engine" and len(engine.calls) == 2


@pytest.mark.django_db
def test_failures_spread_beyond_the_window_do_not_open_it(configured, clock, settings):
    engine, database = Fake("engine", fail=True), Fake("database")
    stack = FallbackBackend(engine=lambda: engine, fallback=database)
    for _ in range(6):  # one failure every 6 s: never 3 within 10 s
        assert stack.search(params()).fallback is True
        clock.now += 6
    assert stack.route == "engine" and len(engine.calls) == 6


@pytest.mark.django_db
def test_repeated_failures_open_the_breaker_then_one_trial_request_half_open(configured, clock, caplog):
    engine, database = Fake("engine", fail=True), Fake("database")
    stack = FallbackBackend(engine=lambda: engine, fallback=database)
    for _ in range(3):  # SEARCH_BREAKER_FAILURES within SEARCH_BREAKER_WINDOW
        assert stack.search(params()).fallback is True
        clock.now += 1
    assert any(
        "3 failures in 10" in r.getMessage() and "database fallback for 30" in r.getMessage() for r in caplog.records
    )
    assert stack.route == "database"
    # Open: the engine is not asked again, for searches and suggestions alike.
    clock.now += 28
    assert stack.search(params()).fallback is True
    assert stack.suggest("hosp") == [{"title": "database: hosp", "url": "/"}]
    assert len(engine.calls) == 3
    # SEARCH_RETRY_AFTER later: one trial request. A search arriving meanwhile keeps to the database.
    clock.now += 1
    assert stack.route == "engine"
    meanwhile = []
    engine.search = lambda p, e=(): meanwhile.append(stack.search(params())) or Fake.search(engine, p, e)
    assert stack.search(params()).fallback is True  # the trial failed: open again, at once
    assert [r.backend for r in meanwhile] == ["database"] and len(engine.calls) == 4
    assert stack.route == "database"
    clock.now += 29
    assert stack.search(params()).fallback is True and len(engine.calls) == 4
    # The next trial succeeds: closed, every request on the engine again.
    clock.now += 1
    engine.fail = False
    assert stack.search(params()).backend == "engine"
    assert [r.backend for r in meanwhile] == ["database", "database"]
    del engine.search
    assert stack.route == "engine"
    assert [stack.search(params()).backend for _ in range(3)] == ["engine"] * 3


@pytest.mark.django_db
def test_suggestion_failures_count_too(configured, clock):
    engine, database = Fake("engine", fail=True), Fake("database")
    stack = FallbackBackend(engine=lambda: engine, fallback=database)
    for _ in range(3):
        assert stack.suggest("hosp") == [{"title": "database: hosp", "url": "/"}]
    assert stack.search(params()).fallback is True and len(engine.calls) == 3


@pytest.mark.django_db
def test_no_engine_configured_means_the_database_and_no_engine_built(settings, clock):
    settings.SEARCH_URL = ""

    def no_engine():
        raise AssertionError("the engine must not be built")

    stack = FallbackBackend(engine=no_engine, fallback=Fake("database"))
    result = stack.search(params())
    assert (result.backend, result.fallback) == ("database", True)
    assert stack.route == "database"


def test_get_backend_is_the_cache_around_the_fallback():
    stack = backends.get_backend()
    assert isinstance(stack, CachedBackend) and isinstance(stack.inner, FallbackBackend)
    assert isinstance(stack.inner.fallback, DatabaseBackend)


class Routed(Fake):
    """A fallback wrapper stand-in: it says which backend it will ask, and may answer from another."""

    def __init__(self):
        super().__init__("fallback")
        self.route = "engine"
        self.answers_from = "engine"

    def search(self, params, exclude_ids=()):
        result = super().search(params, exclude_ids)
        result.backend = self.answers_from
        return result


@pytest.fixture
def result_cache(settings, db):
    from django.core.cache import caches

    settings.SEARCH_RESULT_CACHE_SECONDS = 300
    caches["search"].clear()
    content_version.validate()  # as the middleware does, once a request
    yield
    caches["search"].clear()


def test_cache_hit_and_miss(result_cache):
    inner = Routed()
    stack = CachedBackend(inner)
    first = stack.search(params())
    assert stack.search(params()).count == first.count == 1  # a hit: the same answer
    assert stack.search(params("q=had&tri=date")).count == 2  # other parameters: a miss
    assert stack.search(params(), exclude_ids=[3]).count == 3  # other promotions above: a miss
    assert len(inner.calls) == 3


def test_a_version_bump_drops_the_cached_results(result_cache):
    inner = Routed()
    stack = CachedBackend(inner)
    stack.search(params())
    content_version.bump()  # an index write (search.indexing.wagtail_backend)
    content_version.validate()  # the next request reads the new version
    assert stack.search(params()).count == 2 and len(inner.calls) == 2
    assert stack.search(params()).count == 2  # kept under the new version


def test_the_engine_and_the_fallback_are_kept_apart(result_cache):
    inner = Routed()
    stack = CachedBackend(inner)
    assert stack.search(params()).backend == "engine"
    inner.route = inner.answers_from = "database"  # the breaker is open
    assert stack.search(params()).count == 2  # not the engine's answer
    assert stack.search(params()).count == 2  # the fallback's own answer is kept for the fallback
    inner.route = inner.answers_from = "engine"  # closed again
    assert stack.search(params()).count == 1


def test_an_answer_from_another_backend_than_expected_is_not_kept(result_cache):
    inner = Routed()
    inner.answers_from = "database"  # the engine failed during this very search
    stack = CachedBackend(inner)
    assert stack.search(params()).backend == "database"
    inner.answers_from = "engine"
    assert stack.search(params()).backend == "engine" and len(inner.calls) == 2


def test_cache_off_without_a_version_or_a_ttl(result_cache, settings):
    inner = Routed()
    stack = CachedBackend(inner)
    content_version.clear()  # no version read: nothing kept
    stack.search(params())
    stack.search(params())
    content_version.validate()
    settings.SEARCH_RESULT_CACHE_SECONDS = 0
    stack.search(params())
    stack.search(params())
    assert len(inner.calls) == 4


def test_suggestions_are_not_cached(result_cache):
    inner = Routed()
    stack = CachedBackend(inner)
    stack.suggest("hosp")
    stack.suggest("hosp")
    assert inner.calls == [("suggest", "hosp", 8)] * 2
