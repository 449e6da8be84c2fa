"""Real OpenSearch nodes that a test may kill or freeze, the real background worker, and a search load.

`Nodes` drives search/engine/run.sh (one JVM per node, so `kill -9` or SIGSTOP hits one node);
`WorkerProcess` runs `manage.py worker` (django-tasks-db's db_worker) on the test database;
`worker_thread` runs the same Worker loop in a thread of the test process.
"""

import contextlib
import datetime
import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
RUN_SH = ROOT / "search" / "engine" / "run.sh"
# HTTP ports of the fault tests' nodes: a single node on FAULT_PORT, a cluster on the next ones
# (transport ports: +100). Far from the suite's node (SEARCH_TEST_PORT, 9250 by default).
FAULT_PORT = int(os.environ.get("SEARCH_FAULT_PORT", "9280"))


class Nodes:
    """`count` nodes under `data_dir`, node K answering on http://127.0.0.1:<port + K - 1>."""

    def __init__(self, data_dir, port, count=1):
        self.data_dir, self.port, self.count = Path(data_dir), port, count
        self.urls = [f"http://127.0.0.1:{port + k}" for k in range(count)]
        self.url = ",".join(self.urls)  # what SEARCH_URL takes

    def run(self, *args, timeout=240):
        env = {
            **os.environ,
            "SEARCH_DATA_DIR": str(self.data_dir),
            "SEARCH_PORT": str(self.port),
            "SEARCH_NODES": str(self.count),
            "SEARCH_MODULES": "no-painless",
        }
        env.pop("SEARCH_TRANSPORT_PORT", None)
        done = subprocess.run(
            ["bash", str(RUN_SH), *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode:
            raise RuntimeError(f"run.sh {' '.join(map(str, args))} : code {done.returncode}\n{done.stderr[-3000:]}")
        return done.stdout.strip()

    def start(self):
        assert self.run("start") == self.url
        return self

    def stop(self):
        for number in range(1, self.count + 1):
            with contextlib.suppress(ProcessLookupError, RuntimeError):
                os.kill(self.pid(number), signal.SIGCONT)  # a frozen node cannot stop
        self.run("stop")

    def pid(self, number):
        return int(self.run("pid", number))

    def kill(self, number):
        """kill -9 of node `number`; returns once the process is gone."""
        pid = self.pid(number)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].startswith("Z"):
                return  # a zombie: dead, waiting for its parent (init) to reap it
            time.sleep(0.05)
        raise RuntimeError(f"node {number} (pid {pid}) survived SIGKILL")

    def freeze(self, number):
        pid = self.pid(number)
        os.kill(pid, signal.SIGSTOP)
        return pid

    @staticmethod
    def thaw(pid):
        os.kill(pid, signal.SIGCONT)

    def restart(self, number):
        """Start node `number` again (same data) and wait until the cluster has all its nodes and,
        on a cluster, every shard copy again (green): a node lost before its copies are back in
        sync loses the shards it held alone."""
        url = self.run("start-node", number)
        for _ in range(4 if self.count > 1 else 0):  # each call waits up to the engine's default 30 s
            health = self.client(timeout=40).cluster.health(wait_for_status="green")
            if health["status"] == "green":
                break
        else:
            assert self.count == 1, f"le cluster n'est pas revenu au vert : {health}"
        return url

    def client(self, timeout=10):
        """A client of our own (not the site's), for looking into the index."""
        from opensearchpy import OpenSearch

        return OpenSearch(hosts=self.urls, timeout=timeout, max_retries=len(self.urls) - 1, retry_on_timeout=True)


def test_database_url():
    """The URL of the database this test process uses (the test database), for another process."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{s['NAME']}"
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


test_database_url.__test__ = False  # not a test, despite its name


class WorkerProcess:
    """`manage.py worker` on the test database, with the database task backend
    (tests/worker_settings.py), the search settings given, and its output in `log`."""

    def __init__(self, log, **search):
        self.log_path = Path(log)
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="tests.worker_settings",
            DATABASE_URL=test_database_url(),
            **{key: str(value) for key, value in search.items()},
        )
        self.process = None

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self

    def alive(self):
        return self.process.poll() is None

    def output(self):
        self.log.flush()
        return self.log_path.read_text()

    def __exit__(self, *exc):
        self.process.terminate()  # between two tasks it exits at once; in one, after it
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@contextlib.contextmanager
def worker_thread(interval=0.2):
    """django-tasks-db's Worker loop in a thread of this process (its own database connection),
    for the settings this process has now; stopped and joined on exit."""
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
    )
    failures = []

    def run():
        try:
            worker.run()
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="task-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.running = False
        thread.join(timeout=60)
    assert not thread.is_alive(), "le worker ne s'est pas arrêté"
    assert not failures, f"le worker s'est arrêté sur une erreur : {failures!r}"


# --- What the fault tests share (tests/test_engine_faults.py, tests/test_cluster_faults.py) ---

SEARCH_TIMEOUT = 1.0
CATCH_UP_SECONDS = 60  # the bound: the index catches up by itself within it


def nodes_or_skip(tmp_path_factory, port, count):
    from search.tests.conftest import ENGINE_URL, skip_without_engine

    if not ENGINE_URL:  # the engine tests are off (no SEARCH_TEST_URL): these too, by the same rule
        skip_without_engine()
    # Under SEARCH_FAULT_DATA_DIR when set: scripts/test.sh stops whatever a killed run left there.
    parent = os.environ.get("SEARCH_FAULT_DATA_DIR")
    data_dir = Path(parent) / f"nodes-{count}-{os.getpid()}" if parent else tmp_path_factory.mktemp(f"nodes-{count}")
    nodes = Nodes(data_dir, port, count)
    nodes.start()
    return nodes


def on_nodes(settings, nodes):
    """This process searches and enqueues as production does: the engine on `nodes`, a 1 s
    timeout, index updates as rows of the database task backend."""
    from search import backends, indexing
    from search.tests.conftest import use_engine

    use_engine(settings, nodes.url)
    settings.SEARCH_TIMEOUT = SEARCH_TIMEOUT
    settings.SEARCH_RETRY_AFTER = 2.0  # back on the engine soon after it returns
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    indexing.ensure_index()
    backends.reset_breaker()


def worker_for(settings, nodes, tmp_path):
    return WorkerProcess(
        tmp_path / "worker.log",
        SEARCH_URL=nodes.url,
        SEARCH_INDEX_PREFIX=settings.SEARCH_INDEX_PREFIX,
        SEARCH_TIMEOUT=SEARCH_TIMEOUT,
    )


class SearchLoad:
    """Searches through the site's API, one after the other in a thread, until stopped:
    each one's start (monotonic), status, whether the database answered, and its duration."""

    def __init__(self, words):
        self.words = words
        self.results = []  # (started, status, fallback, seconds)
        self.failures = []  # exceptions: a 500 raised by the test client is one too
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="search-load", daemon=True)

    def _run(self):
        from django.db import connections

        client = Client(raise_request_exception=True)
        try:
            number = 0
            while not self._stop.is_set():
                word = self.words[number % len(self.words)]
                number += 1
                started = time.monotonic()
                try:
                    response = client.get("/api/recherche/", {"q": word})
                    fallback = response.json().get("fallback") if response.status_code == 200 else None
                    self.results.append((started, response.status_code, fallback, time.monotonic() - started))
                except Exception as exc:  # noqa: BLE001 - counted as an error by the test
                    self.failures.append(repr(exc))
                time.sleep(0.02)
        finally:
            connections.close_all()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=60)

    def errors(self):
        return self.failures + [r for r in self.results if r[1] != 200]

    def between(self, start, end):
        return [r for r in self.results if start <= r[0] < end]


def wait_for_searches(loads, count, since, keep=lambda result: True, timeout=120.0):
    """Until the loads have finished `count` searches kept by `keep` since `since` (monotonic), or
    `timeout`: a fault window measured in searches, not seconds, holds as many on a slow machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(1 for load in loads for result in load.between(since, math.inf) if keep(result)) >= count:
            return
        time.sleep(0.1)


def index_state(nodes, alias, ids):
    """{page id: its title in the index, or None when it is not there} (real-time reads)."""
    found = nodes.client().mget(index=alias, body={"ids": [str(pk) for pk in ids]})["docs"]
    return {int(doc["_id"]): doc["_source"]["title"] if doc.get("found") else None for doc in found}


def wait_for_index(nodes, alias, expected, worker, timeout=CATCH_UP_SECONDS):
    """Poll the index until it holds `expected` ({id: title, or None for absent}); the seconds it took."""
    started = time.monotonic()
    state = None
    while time.monotonic() - started < timeout:
        try:
            state = index_state(nodes, alias, expected)
        except Exception as exc:  # noqa: BLE001 - a node still starting: poll again
            state = repr(exc)
        if state == expected:
            return time.monotonic() - started
        time.sleep(0.25)
    pytest.fail(
        f"index pas à jour après {timeout} s\nattendu : {expected}\nindex : {state}\n"
        f"worker (vivant : {worker.alive()}) :\n{worker.output()[-4000:]}"
    )


def draft(site_tree, title):
    """A saved, never published resource page."""
    from publications.models import PublicationPage

    page = PublicationPage(title=title, summary="Un chapô de test.", publication_date=datetime.date(2024, 5, 1))
    site_tree["ressources"].add_child(instance=page)
    return page


def timed(action):
    started = time.monotonic()
    action()
    return time.monotonic() - started


def publish(page, title=None):
    if title:
        page.title = title
    page.save_revision().publish()


def wait_for_background_work(timeout=30):
    """Wait until the worker has run every task due now (none waiting, none running): what a person
    who looks a moment after a change sees. Returns at once with the immediate backend (tests' default)."""
    from django_tasks import TaskResultStatus, task_backends
    from django_tasks_db.models import DBTaskResult

    if not task_backends["default"].supports_defer:
        return
    deadline = time.monotonic() + timeout
    while True:
        due = DBTaskResult.objects.ready()  # READY and due now (a later periodic run is not waited for)
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        if not due.exists() and not running.exists():
            return
        if time.monotonic() > deadline:
            rows = list((due | running).values_list("task_path", "status"))
            raise AssertionError(f"tâches de fond toujours en attente après {timeout} s : {rows}")
        time.sleep(0.1)
