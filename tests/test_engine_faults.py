"""Faults of a real OpenSearch node under load: kill -9 and SIGSTOP (the cluster: test_cluster_faults.py).

The nodes are started here by search/engine/run.sh (one JVM each, never the suite's node), on
SEARCH_FAULT_PORT and the ports after it (tests/engine_nodes.py). Index updates go through the
real queue: the database task backend in this process, `manage.py worker` in another one, on the
test database. Searches run in a loop in a thread, through the site's search API.
"""

import time

import pytest
from django.test import Client

from tests.e2e.dbstate import migrations_data  # noqa: F401 - restores the migrations' data (see below)

from .engine_nodes import (
    CATCH_UP_SECONDS,
    SEARCH_TIMEOUT,
    SearchLoad,
    draft,
    on_nodes,
    publish,
    timed,
    wait_for_index,
    worker_for,
)

# The worker is another process: the test's changes must be committed, hence a transactional test,
# whose end flushes the migrations' data (root page, vocabularies): serialized_rollback puts it back.
pytestmark = [
    pytest.mark.engine,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]


def test_kill_9_of_the_node_under_load_loses_no_update(
    shared_database, single_node, engine_site, settings, site_tree, make_resource, tmp_path
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
    shared_database, single_node, engine_site, settings, site_tree, make_resource, tmp_path
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
