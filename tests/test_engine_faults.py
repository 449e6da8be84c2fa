"""Faults of a real OpenSearch node under load: kill -9 and SIGSTOP (the cluster: test_cluster_faults.py).

The nodes are started here by search/engine/run.sh (one JVM each, never the suite's node), on
SEARCH_FAULT_PORT and the ports after it (tests/engine_nodes.py). Index updates go through the
real queue: the database task backend in this process, `manage.py worker` in another one, on the
test database. Searches run in a loop in a thread, through the site's search API.
"""

import contextlib
import math
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
    wait_for_searches,
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
            # Searches that start once the breaker lets the engine in again.
            wait_for_searches([load], 3, since=time.monotonic() + SEARCH_TIMEOUT + settings.SEARCH_RETRY_AFTER)

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


def searches_under_load(words, threads):
    """SearchLoad in `threads` threads at once (a worker process serving several requests)."""
    return contextlib.ExitStack(), [SearchLoad(words) for _ in range(threads)]


def indexed_resources(settings, single_node, make_resource, titles):
    from search import backends
    from search.indexing.sync import sync

    on_nodes(settings, single_node)
    # The site's breaker settings, not on_nodes()' quick retry; a 1 s timeout (the site's is 0.5 s)
    # so that a loaded test machine's slow search is not taken for the stall.
    settings.SEARCH_TIMEOUT, settings.SEARCH_RETRY_AFTER = 1.0, 10.0
    settings.SEARCH_BREAKER_FAILURES, settings.SEARCH_BREAKER_WINDOW = 5, 10.0
    pages = [make_resource(title=title) for title in titles]
    sync([page.pk for page in pages])  # written at once: no worker needed here
    client = Client(raise_request_exception=True)
    for _ in range(20):  # a fresh node's first searches are slow (caches, JIT): not what is tested
        assert client.get("/api/recherche/", {"q": titles[0]}).status_code == 200
    backends.reset_breaker()


def test_a_slow_second_under_load_keeps_search_on_the_engine(
    shared_database, single_node, engine_site, settings, make_resource
):
    """A node stalled for a second (SIGSTOP, as a long GC pause) costs the searches it holds up,
    answered by the database, and nothing after: the old breaker opened on one timeout and kept
    every search of the worker on the database for SEARCH_RETRY_AFTER."""
    indexed_resources(settings, single_node, make_resource, [f"Santé mentale {n}" for n in range(3)])
    stack, loads = searches_under_load(["santé mentale", "mentale", "santé"], threads=2)
    with stack:
        for load in loads:
            stack.enter_context(load)
        wait_for_searches(loads, 4, since=0.0)
        time.sleep(settings.SEARCH_TIMEOUT)  # those four started over a timeout before the stall
        pid = single_node.freeze(1)
        frozen = time.monotonic()
        time.sleep(1.5)
        single_node.thaw(pid)
        thawed = time.monotonic()
        wait_for_searches(loads, 11, since=thawed + settings.SEARCH_TIMEOUT)
    results = sorted(result for load in loads for result in load.results)
    assert [error for load in loads for error in load.errors()] == []
    before = [result for result in results if result[0] < frozen - settings.SEARCH_TIMEOUT]
    assert before and all(fallback is False for _, _, fallback, _ in before), before
    held_up = load_between(results, frozen - settings.SEARCH_TIMEOUT, thawed)
    assert any(fallback for _, _, fallback, _ in held_up)  # held up past the timeout: the database
    after = [result for result in results if result[0] >= thawed + settings.SEARCH_TIMEOUT]
    assert len(after) > 10 and all(fallback is False for _, _, fallback, _ in after), after


def test_a_stalled_node_opens_the_breaker_then_one_trial_at_a_time_until_it_answers(
    shared_database, single_node, engine_site, settings, make_resource
):
    indexed_resources(settings, single_node, make_resource, [f"Télésanté {n}" for n in range(3)])
    settings.SEARCH_RETRY_AFTER = 1.0
    stack, loads = searches_under_load(["télésanté"], threads=2)
    with stack:
        for load in loads:
            stack.enter_context(load)
        time.sleep(1.0)
        pid = single_node.freeze(1)
        frozen = time.monotonic()
        # Frozen for 5 s at least, and until the database has answered 21 searches at once (a slow
        # machine's window is counted in searches), then for a timeout so they all started before it.
        time.sleep(5.0)
        wait_for_searches(loads, 21, since=frozen, keep=lambda result: result[2] and not slow_search(result))
        time.sleep(settings.SEARCH_TIMEOUT)
        single_node.thaw(pid)
        thawed = time.monotonic()
        back_from = thawed + settings.SEARCH_RETRY_AFTER + 0.6
        wait_for_searches(loads, 10, since=back_from)
    results = sorted(result for load in loads for result in load.results)
    assert [error for load in loads for error in load.errors()] == []
    during = load_between(results, frozen, thawed - settings.SEARCH_TIMEOUT)  # over before the thaw
    assert during and all(fallback for _, _, fallback, _ in during)
    # Open, then half-open: besides the failures that opened it, one request per second waits on
    # the stalled node (the trial); every other one gets the database at once.
    slow = [result for result in during if slow_search(result)]
    trials = math.ceil((thawed - frozen) / settings.SEARCH_RETRY_AFTER)
    assert len(slow) <= settings.SEARCH_BREAKER_FAILURES + 2 + trials, slow
    assert len(during) - len(slow) > 20
    # Back on the engine within a trial period once the node answers.
    back = [result for result in results if result[0] >= back_from]
    assert back and all(fallback is False for _, _, fallback, _ in back), back


def slow_search(result):
    """A search that waited on the engine until (nearly) the site's timeout."""
    from django.conf import settings

    return result[3] >= settings.SEARCH_TIMEOUT * 0.8


def load_between(results, start, end):
    return [result for result in results if start <= result[0] < end]
