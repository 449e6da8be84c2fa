"""An import killed with SIGKILL mid-way, then run again: its PDF workers die with it, and once
the worker has run, the index holds exactly the live public resources (a real node, a real queue).

Everything runs in subprocesses on their own SQLite file: the import, the worker and
search_index_check share the database the way they do in production."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

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


def count(database, sql):
    with sqlite3.connect(database, timeout=30) as connection:
        try:
            return connection.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:  # no such table yet, or locked
            return 0


@pytest.mark.engine
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_import_rerun_ends_with_a_consistent_index_and_no_stray_process(tmp_path):
    if not ENGINE_URL:
        skip_without_engine()
    generator = next((path for path in GENERATORS if path.exists()), None)
    if generator is None:
        message = f"générateur de catalogue absent : {GENERATORS[1]}"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    database = tmp_path / "hub.sqlite3"
    prefix = f"{SESSION_PREFIX}-killed-import"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",  # the database queue, as in production
        "DATABASE_URL": f"sqlite:///{database}",
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
            if count(database, pages) >= LINES // 4:
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

        committed = count(database, pages)
        assert LINES // 4 <= committed < LINES

        rerun = manage("import_catalogue", str(catalogue), "--quiet", "--jobs", "2")
        assert rerun.returncode == 0, rerun.stderr
        assert f"{LINES} ressources importées" in rerun.stdout and "inchangée" in rerun.stdout
        worker = manage("worker", "--batch", "--no-startup-delay", "-v0")
        assert worker.returncode == 0, worker.stderr
        assert count(database, f"SELECT count(*) FROM {TASKS} WHERE status = 'FAILED'") == 0
        # The worker's periodic check ran after the updates (a lower priority) and found nothing to repair:
        # the lines' own records made the index whole.
        check_run = f"SELECT return_value FROM {TASKS} WHERE task_path = 'search.tasks.check_index'"
        with sqlite3.connect(database) as connection:
            (found,) = connection.execute(check_run + " AND status = 'SUCCESSFUL'").fetchone()
        assert json.loads(found) == {"live": LINES, "indexed": LINES, "missing": 0, "extra": 0, "stale": 0}

        checked = manage("search_index_check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert f"Ressources publiques en ligne : {LINES} ; documents dans l'index : {LINES}." in checked.stdout
        assert "L'index de recherche est à jour." in checked.stdout
    finally:
        from search.tests.conftest import drop_indices

        drop_indices(prefix)
