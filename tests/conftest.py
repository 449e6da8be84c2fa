"""A demo site served as `make run` serves it, for the tests that need a real server apart from pytest's database."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The demo site served by runserver; yields (BASE_URL, the address the test asks at)."""
    work = tmp_path_factory.mktemp("served-site")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "SEARCH_", "DJANGO_", "DATABASE_", "MEDIA_", "PRIVATE_MEDIA"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.dev",
        BASE_URL=base_url,
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
    )

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput", "-v0")
    manage("load_demo", "-v0")
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"runserver n'a pas démarré : {(work / 'server.log').read_text()}")
                time.sleep(0.2)
        yield base_url, f"http://localhost:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


# --- The fault tests' nodes (tests/engine_nodes.py): one module's nodes at a time ---------------


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The test database as another process (the worker) can open it; request it before the
    fixtures that create content. PostgreSQL: the test database itself (a transactional test).
    SQLite: the test database is in memory, so this process works on a file copy for the test,
    its own connection and its threads' (as bonnes_pratiques/tests/test_concurrency.py does)."""
    import sqlite3
    from contextlib import closing

    from django.db import connection, connections

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield None
        return
    path = tmp_path / "shared.sqlite3"
    name = connection.settings_dict["NAME"]
    uri = name if str(name).startswith("file:") else f"file:{name}?mode=memory&cache=shared"
    source = sqlite3.connect(uri, uri=True)
    try:
        source.execute("VACUUM INTO ?", (str(path),))
    finally:
        source.close()
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
    settings_dict, original = connections.settings["default"], connections["default"]
    settings_dict["NAME"] = str(path)
    connections["default"] = connections.create_connection("default")
    try:
        yield path
    finally:
        connections["default"].close()
        connections["default"] = original
        settings_dict["NAME"] = name


@pytest.fixture(scope="module")
def single_node(tmp_path_factory):
    from .engine_nodes import FAULT_PORT, nodes_or_skip

    nodes = nodes_or_skip(tmp_path_factory, FAULT_PORT, 1)
    yield nodes
    nodes.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """3 nodes, each its own JVM, on the ports after the single node's."""
    from .engine_nodes import FAULT_PORT, nodes_or_skip

    nodes = nodes_or_skip(tmp_path_factory, FAULT_PORT + 1, 3)
    yield nodes
    nodes.stop()


@pytest.fixture
def engine_site(settings):
    """Undo on_nodes(): drop the test's indices, forget the breaker's state."""
    yield
    from search import backends, indexing
    from search.indexing.transport import get_transport

    if settings.SEARCH_URL:
        t = get_transport(settings.SEARCH_URL, 30.0)
        for name in t.list_indices(f"{settings.SEARCH_INDEX_PREFIX}-*"):
            t.delete_index(name)
    indexing.forget_ensured()
    backends.reset_breaker()
