"""50 submissions at once: all stored, each with its own reference; 50 requests at once against a
rate limit of 5: 5 pass.

The test database is SQLite in memory, shared between threads only through SQLite's shared cache, whose
table locks fail at once instead of waiting. So the test copies it to a file and points every thread's
connection at that file, with the project's real settings (WAL, BEGIN IMMEDIATE, busy timeout):
exactly how the site runs on SQLite. On PostgreSQL the threads use the test database directly.
"""

import sqlite3
import threading
from contextlib import closing, contextmanager

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from bonnes_pratiques.services import create_submission
from core import ratelimit
from publications.models import Theme

THREADS = 50
RATE_LIMIT = 5

# On SQLite the threads write to a file copy, so the test database stays untouched.
# On PostgreSQL they write to the test database itself, so the test must be
# transactional (pytest-django runs such tests last: their flush harms no other test).
# serialized_rollback: the flush at its end then leaves the content types to the next transactional
# test to restore (a flush that recreates them with new ids breaks that test's restore).
pytestmark = pytest.mark.django_db(transaction=connection.vendor != "sqlite", serialized_rollback=True)


def _memory_uri():
    name = connection.settings_dict["NAME"]
    return name if str(name).startswith("file:") else f"file:{name}?mode=memory&cache=shared"


@contextmanager
def file_database(tmp_path):
    if connection.vendor != "sqlite":
        yield None
        return
    path = tmp_path / "concurrency.sqlite3"
    settings_dict = connections.settings["default"]
    # A second connection to the shared in-memory test database: the test's own one is inside a transaction.
    source = sqlite3.connect(_memory_uri(), uri=True)
    try:
        source.execute("VACUUM INTO ?", (str(path),))
    finally:
        source.close()
    # WAL is persistent: switch once, as the site's first connection does, before the threads race.
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        settings_dict["NAME"] = original


def test_fifty_concurrent_submissions_get_distinct_references(tmp_path):
    theme_ids = list(Theme.objects.filter(slug="urgences").values_list("pk", flat=True))
    errors = []

    def submit(n, barrier):
        try:
            barrier.wait(timeout=60)
            create_submission(
                {
                    "structure_name": f"EHPAD n°{n}",
                    "structure_type": "ehpad",
                    "region": "bretagne",
                    "contact_name": "Contact",
                    "contact_role": "Directrice",
                    "contact_email": f"contact{n}@ehpad.fr",
                    "title": f"Initiative {n}",
                    "context": "Contexte",
                    "actions": "Actions",
                    "results": "Résultats",
                    "lessons": "Enseignements",
                    "consent_publication": True,
                },
                themes=theme_ids,
            )
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(repr(exc))
        finally:
            connections["default"].close()

    with file_database(tmp_path) as path:
        barrier = threading.Barrier(THREADS)
        threads = [threading.Thread(target=submit, args=(n, barrier)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        if path is None:  # PostgreSQL: the threads wrote to the test database itself
            references, theme_links, emails = stored_counts()
        else:
            references, theme_links, emails = sqlite_counts(path)
    assert len(references) == THREADS
    assert len(set(references)) == THREADS
    assert all(ref and ref.startswith("BP-") for ref in references)
    assert theme_links == THREADS
    assert emails == THREADS


def test_fifty_concurrent_requests_pass_a_limit_of_five_only_five_times(tmp_path):
    results = []
    errors = []

    def attempt(barrier):
        try:
            barrier.wait(timeout=60)
            results.append(ratelimit.take(RequestFactory().post("/", REMOTE_ADDR="10.0.0.1"), "submit", RATE_LIMIT))
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(repr(exc))
        finally:
            connections["default"].close()

    with file_database(tmp_path):
        barrier = threading.Barrier(THREADS)
        threads = [threading.Thread(target=attempt, args=(barrier,)) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(results) == THREADS
    assert results.count(True) == RATE_LIMIT


def stored_counts():
    from bonnes_pratiques.models import Submission
    from core.models import OutgoingEmail

    references = list(Submission.objects.values_list("reference", flat=True))
    theme_links = Submission.themes.through.objects.count()
    return references, theme_links, OutgoingEmail.objects.filter(to__startswith="contact").count()


def sqlite_counts(path):
    with closing(sqlite3.connect(path)) as db:
        references = [row[0] for row in db.execute("SELECT reference FROM bonnes_pratiques_submission")]
        theme_links = db.execute("SELECT COUNT(*) FROM bonnes_pratiques_submission_themes").fetchone()[0]
        emails = db.execute("SELECT COUNT(*) FROM core_outgoingemail WHERE \"to\" LIKE 'contact%'").fetchone()[0]
    return references, theme_links, emails
