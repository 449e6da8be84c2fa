"""Search fixtures: every backend test runs on the database fallback and, when SEARCH_TEST_URL is set, on a real engine.

- SEARCH_TEST_URL unset: the engine variants are skipped (with the reason).
- SEARCH_TEST_URL set (CI, `make test`): the engine variants run, and an
  unreachable engine makes them fail, never skip.
Each engine test gets its own index (a prefix unique to the session and the
test), created empty and deleted afterwards; writes refresh at once.
"""

import itertools
import os
import time

import pytest

ENGINE_URL = os.environ.get("SEARCH_TEST_URL", "")
SESSION_PREFIX = f"test-{os.getpid()}-{int(time.time())}"
_counter = itertools.count()
BACKENDS = ["database", "engine"]


def skip_without_engine():
    # On a developer's machine without a node the engine variants are skipped;
    # in CI a missing engine is a failure, never a silent skip.
    message = "SEARCH_TEST_URL n'est pas défini : tests sur le moteur ignorés (make test le définit)."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def use_engine(settings, url):
    from search import backends, indexing

    settings.SEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = f"{SESSION_PREFIX}-{next(_counter)}"
    settings.SEARCH_TIMEOUT = 10.0
    settings.SEARCH_RETRY_AFTER = 30.0
    indexing.forget_ensured()
    backends.reset_breaker()


def drop_indices(prefix):
    from search.indexing.transport import get_transport

    t = get_transport(ENGINE_URL, 30.0)
    for name in t.list_indices(f"{prefix}-*"):
        t.delete_index(name)


@pytest.fixture(autouse=True)
def fresh_search_cache(settings):
    """The query log written at once, and before the test's data is rolled back (the root
    conftest empties the per-process caches around every test)."""
    from search import querylog

    settings.SEARCH_QUERYLOG_FLUSH_SECONDS = 0
    yield
    querylog.flush_log()


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, db):
    """'database' or 'engine'; request it before creating resources so they get indexed."""
    from search import backends, indexing

    if request.param == "engine":
        if not ENGINE_URL:
            skip_without_engine()
        use_engine(settings, ENGINE_URL)
        indexing.ensure_index()  # an unreachable engine fails the test here
        yield "engine"
        drop_indices(settings.SEARCH_INDEX_PREFIX)
        indexing.forget_ensured()
    else:
        settings.SEARCH_URL = ""
        yield "database"
    backends.reset_breaker()


@pytest.fixture
def engine(settings, db):
    """Engine-only tests (index synchronisation, rebuild)."""
    from search import backends, indexing

    if not ENGINE_URL:
        skip_without_engine()
    use_engine(settings, ENGINE_URL)
    indexing.ensure_index()
    yield ENGINE_URL
    drop_indices(settings.SEARCH_INDEX_PREFIX)
    indexing.forget_ensured()
    backends.reset_breaker()


@pytest.fixture
def api(client):
    def get(**params):
        response = client.get("/api/recherche/", params)
        assert response.status_code == 200, response.content
        return response.json()

    return get


def pytest_collection_modifyitems(items):
    """Mark the engine variants `engine`, so a run can deselect them (`-m "not engine"`)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if "engine" in getattr(item, "fixturenames", ()) or (
            callspec and callspec.params.get("search_backend") == "engine"
        ):
            item.add_marker(pytest.mark.engine)
