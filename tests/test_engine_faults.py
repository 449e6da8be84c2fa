"""Faults of real OpenSearch nodes under load: kill -9, SIGSTOP, and one node of a 3-node cluster lost.

The nodes are started here by search/engine/run.sh (one JVM each, never the suite's node), on
SEARCH_FAULT_PORT and the ports after it (tests/engine_nodes.py). Index updates go through the
real queue: the database task backend in this process, `manage.py worker` in another one, on the
test database. Searches run in a loop in a thread, through the site's search API.
"""

import datetime
import threading
import time

import pytest
from django.test import Client

from tests.e2e.dbstate import migrations_data  # noqa: F401 - restores the migrations' data (see below)

from .engine_nodes import FAULT_PORT, Nodes, WorkerProcess

# The worker is another process: the test's changes must be committed, hence a transactional test,
# whose end flushes the migrations' data (root page, vocabularies): serialized_rollback puts it back.
pytestmark = [
    pytest.mark.engine,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]

SEARCH_TIMEOUT = 1.0
CATCH_UP_SECONDS = 60  # the bound: the index catches up by itself within it


def nodes_or_skip(tmp_path_factory, port, count):
    from search.tests.conftest import ENGINE_URL, skip_without_engine

    if not ENGINE_URL:  # the engine tests are off (no SEARCH_TEST_URL): these too, by the same rule
        skip_without_engine()
    nodes = Nodes(tmp_path_factory.mktemp(f"nodes-{count}"), port, count)
    nodes.start()
    return nodes


@pytest.fixture(scope="module")
def single_node(tmp_path_factory):
    nodes = nodes_or_skip(tmp_path_factory, FAULT_PORT, 1)
    yield nodes
    nodes.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    nodes = nodes_or_skip(tmp_path_factory, FAULT_PORT + 1, 3)
    yield nodes
    nodes.stop()


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


def test_kill_9_of_the_node_under_load_loses_no_update(
    single_node, engine_site, settings, site_tree, make_resource, tmp_path
):
    from search.indexing.transport import alias_name

    on_nodes(settings, single_node)
    pages = [make_resource(title=f"Parcours de soins {n}") for n in range(6)]
    expected = {page.pk: page.title for page in pages}
    with worker_for(settings, single_node, tmp_path) as worker:
        wait_for_index(single_node, alias_name(), expected, worker)
        with SearchLoad(["parcours", "soins", "parcours de soins"]) as load:
            time.sleep(1)
            single_node.kill(1)
            down = time.monotonic()
            latencies = []
            for page in pages[:2]:
                latencies.append(timed(page.unpublish))
                expected[page.pk] = None
            for page in pages[2:4]:
                latencies.append(timed(lambda page=page: publish(page, f"{page.title} révisé")))
                expected[page.pk] = page.title
            for n in range(2):
                new = draft(site_tree, f"Parcours de soins nouveau {n}")
                latencies.append(timed(lambda new=new: publish(new)))
                expected[new.pk] = new.title
            time.sleep(2)  # searches go on during the outage
            back = time.monotonic()
            single_node.restart(1)
            caught_up = wait_for_index(single_node, alias_name(), expected, worker)
            time.sleep(SEARCH_TIMEOUT + settings.SEARCH_RETRY_AFTER)  # the breaker lets the engine in again

    assert load.errors() == [], load.errors()
    during = load.between(down, back)
    assert during and all(fallback for _, _, fallback, _ in during), during  # the database answered
    assert load.results[-1][2] is False, "la recherche n'est pas revenue sur le moteur"
    assert caught_up < CATCH_UP_SECONDS
    assert max(latencies) < 1.0, latencies  # publishing did not wait on the dead engine


def test_sigstop_of_the_node_a_publish_does_not_wait_and_searches_fall_back(
    single_node, engine_site, settings, site_tree, make_resource, tmp_path
):
    from search.indexing.transport import alias_name

    on_nodes(settings, single_node)
    pages = [make_resource(title=f"Télésanté {n}") for n in range(3)]
    expected = {page.pk: page.title for page in pages}
    client = Client(raise_request_exception=True)
    with worker_for(settings, single_node, tmp_path) as worker:
        wait_for_index(single_node, alias_name(), expected, worker)
        pid = single_node.freeze(1)
        try:
            new = draft(site_tree, "Télésanté en EHPAD")
            publish_seconds = timed(lambda: publish(new))
            unpublish_seconds = timed(pages[0].unpublish)
            started = time.monotonic()
            response = client.get("/api/recherche/", {"q": "télésanté"})
            search_seconds = time.monotonic() - started
            time.sleep(1)  # the worker is blocked on the frozen node meanwhile
        finally:
            single_node.thaw(pid)
        expected.update({new.pk: new.title, pages[0].pk: None})
        wait_for_index(single_node, alias_name(), expected, worker)

    assert publish_seconds < 1.0 and unpublish_seconds < 1.0, (publish_seconds, unpublish_seconds)
    assert response.status_code == 200 and response.json()["fallback"] is True
    assert search_seconds < SEARCH_TIMEOUT + 1.0, search_seconds  # the timeout, then the database
    titles = [item["title"] for item in response.json()["results"]]
    assert "Télésanté 1" in titles


def primary_node(nodes, index):
    """The number (1..N) of the node holding the primary copy of the index's shard."""
    client = nodes.client()
    http_ports = {
        node_id: int(node["http"]["publish_address"].rsplit(":", 1)[1])
        for node_id, node in client.nodes.info(metric="http")["nodes"].items()
    }
    shards = client.cluster.state(metric="routing_table", index=index)["routing_table"]["indices"][index]["shards"]
    (primary,) = [copy for copy in shards["0"] if copy["primary"]]
    return http_ports[primary["node"]] - nodes.port + 1


def test_a_cluster_node_killed_under_load_no_error_no_fallback(
    cluster, engine_site, settings, site_tree, make_resource, tmp_path, monkeypatch
):
    from search.backends.database import DatabaseBackend
    from search.indexing.transport import alias_name, transport

    on_nodes(settings, cluster)
    pages = [make_resource(title=f"Hospitalisation à domicile {n}") for n in range(4)]
    expected = {page.pk: page.title for page in pages}
    (index,) = transport().indices_for_alias(alias_name())
    asked_the_database = []
    for method in ("search", "suggest"):
        real = getattr(DatabaseBackend, method)

        def recorded(self, *args, _method=method, _real=real, **kwargs):
            asked_the_database.append(_method)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(DatabaseBackend, method, recorded)

    with worker_for(settings, cluster, tmp_path) as worker:
        wait_for_index(cluster, alias_name(), expected, worker)
        health = cluster.client().cluster.health(index=index, wait_for_status="green", request_timeout=40)
        assert health["status"] == "green" and health["active_shards"] == 2  # the primary and its replica
        victim = primary_node(cluster, index)
        with SearchLoad(["hospitalisation", "domicile", "hospitalisation à domicile"]) as load:
            time.sleep(1)
            cluster.kill(victim)
            down = time.monotonic()
            new = draft(site_tree, "Hospitalisation à domicile en EHPAD")
            publish(new)
            pages[0].unpublish()
            expected.update({new.pk: new.title, pages[0].pk: None})
            written = wait_for_index(cluster, alias_name(), expected, worker)  # writes go on
            time.sleep(3)
        cluster.restart(victim)

    searches = load.between(down, time.monotonic())
    assert len(searches) >= 20, len(searches)
    assert load.errors() == [], load.errors()
    assert all(fallback is False for _, _, fallback, _ in load.results), "réponses de la base de données"
    assert asked_the_database == []
    pool = transport().client.transport.connection_pool
    assert pool.dead_count, "le client n'a jamais essayé le nœud tué"  # so it did fail over
    assert written < CATCH_UP_SECONDS
