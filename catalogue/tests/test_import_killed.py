"""An import killed with SIGKILL mid-way, then run again: its PDF workers die with it, and once
the worker has run, the index holds exactly the live public resources (a real node, a real queue).

Everything runs in subprocesses on a database of their own (PostgreSQL in the PostgreSQL pass,
else a SQLite file): the import, the worker and search_index_check share it as in production."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from search.tests.conftest import ENGINE_URL, SESSION_PREFIX, skip_without_engine

from .test_import_hardening import GENERATORS

ROOT = Path(__file__).resolve().parents[2]
TASKS = "django_tasks_database_dbtaskresult"
LINES = 400  # enough PDFs for the worker processes (pdfs.with_pdfs needs 2 * PDF_WINDOW)


def children(pid):
    """Direct children of a process, from /proc."""
    found = []
    for tasks in Path(f"/proc/{pid}/task").glob("*/children"):
        found.extend(int(child) for child in tasks.read_text().split())
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has exited, its parent has not read its status yet


@pytest.fixture
def scratch_database(tmp_path):
    """(DATABASE_URL, query) of a database of the subprocesses' own: on the PostgreSQL server of the
    PostgreSQL pass (DATABASE_URL), else a SQLite file. query(sql) -> the first row, None before migrate."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        database = tmp_path / "hub.sqlite3"

        def query(sql):
            with closing(sqlite3.connect(database, timeout=30)) as connection:
                try:
                    return connection.execute(sql).fetchone()
                except sqlite3.OperationalError:  # no such table yet
                    return None

        yield f"sqlite:///{database}", query
        return
    import psycopg

    name = f"killed_import_{os.getpid()}"
    server = urlsplit(url)
    admin, scratch = (urlunsplit(server._replace(path=f"/{path}")) for path in ("postgres", name))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")

    def query(sql):
        try:
            with psycopg.connect(scratch) as connection:
                return connection.execute(sql).fetchone()
        except psycopg.errors.UndefinedTable:
            return None

    yield scratch, query
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.engine
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_import_rerun_ends_with_a_consistent_index_and_no_stray_process(tmp_path, scratch_database):
    if not ENGINE_URL:
        skip_without_engine()
    generator = next((path for path in GENERATORS if path.exists()), None)
    if generator is None:
        message = f"générateur de catalogue absent : {GENERATORS[1]}"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    database_url, query = scratch_database

    def count(sql):
        row = query(sql)
        return row[0] if row else 0

    prefix = f"{SESSION_PREFIX}-killed-import"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",  # the database queue, as in production
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SEARCH_URL": ENGINE_URL,
        "SEARCH_INDEX_PREFIX": prefix,
    }

    def manage(*args, timeout=300):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    catalogue = tmp_path / "catalogue.jsonl"
    with open(catalogue, "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, str(generator), "--n", str(LINES), "--seed", "11"], stdout=out, check=True)
    assert manage("migrate", "-v0").returncode == 0
    try:
        importer = subprocess.Popen(
            [sys.executable, "manage.py", "import_catalogue", str(catalogue), "--quiet", "--jobs", "2"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline, workers = time.monotonic() + 120, set()
        pages = "SELECT count(*) FROM publications_resourcepage"
        while time.monotonic() < deadline and importer.poll() is None:
            workers |= set(children(importer.pid))
            if count(pages) >= LINES // 4:
                break
            time.sleep(0.05)
        assert importer.poll() is None, "the import ended before it could be killed"
        workers |= set(children(importer.pid))
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait(timeout=30)
        assert len(workers) >= 2  # the PDF workers (and the pool's resource tracker)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "processes of the killed import are still running"

        committed = count(pages)
        assert LINES // 4 <= committed < LINES

        rerun = manage("import_catalogue", str(catalogue), "--quiet", "--jobs", "2")
        assert rerun.returncode == 0, rerun.stderr
        assert f"{LINES} ressources importées" in rerun.stdout and "inchangée" in rerun.stdout
        # Wagtail's search index (the fallback) holds every page too, those of the killed run included.
        unsearchable = (
            "SELECT count(*) FROM publications_resourcepage r JOIN wagtailcore_page p ON p.id = r.page_ptr_id "
            "WHERE NOT EXISTS (SELECT 1 FROM wagtailsearch_indexentry e "
            "WHERE e.content_type_id = p.content_type_id AND e.object_id = CAST(p.id AS TEXT))"
        )
        assert count(unsearchable) == 0
        worker = manage("worker", "--batch", "--no-startup-delay", "-v0")
        assert worker.returncode == 0, worker.stderr
        assert count(f"SELECT count(*) FROM {TASKS} WHERE status = 'FAILED'") == 0
        # The worker's periodic check ran after the updates (a lower priority) and found nothing to repair:
        # the lines' own records made the index whole.
        check_run = f"SELECT return_value FROM {TASKS} WHERE task_path = 'search.tasks.check_index'"
        (found,) = query(check_run + " AND status = 'SUCCESSFUL'")
        found = json.loads(found) if isinstance(found, str) else found  # text on SQLite, jsonb on PostgreSQL
        assert found == {"live": LINES, "indexed": LINES, "missing": 0, "extra": 0, "stale": 0}

        checked = manage("search_index_check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert f"Ressources publiques en ligne : {LINES} ; documents dans l'index : {LINES}." in checked.stdout
        assert "L'index de recherche est à jour." in checked.stdout
    finally:
        from search.tests.conftest import drop_indices

        drop_indices(prefix)
