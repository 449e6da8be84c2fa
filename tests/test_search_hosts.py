"""SEARCH_URL with several nodes: each one is a host of the client, and a dead one is skipped."""

import pytest

from search.indexing.transport import OpenSearchTransport, hosts


def test_search_url_lists_the_nodes_of_a_cluster():
    assert hosts(" http://a:9200, http://b:9201 ,") == ["http://a:9200", "http://b:9201"]
    assert hosts("http://a:9200") == ["http://a:9200"]


def test_one_node_costs_one_timeout_several_are_tried_in_turn():
    single = OpenSearchTransport("http://127.0.0.1:1", 1.0).client.transport
    assert single.max_retries == 0  # one node: one timeout, then the database answers
    several = OpenSearchTransport("http://127.0.0.1:1,http://127.0.0.1:2,http://127.0.0.1:3", 1.0).client.transport
    assert several.max_retries == 2 and several.retry_on_timeout  # each other node once, a frozen one too
    assert len(several.connection_pool.connections) == 3


@pytest.mark.engine
def test_a_dead_node_in_search_url_is_skipped():
    from search.tests.conftest import ENGINE_URL, skip_without_engine

    if not ENGINE_URL:
        skip_without_engine()
    dead = "http://127.0.0.1:1"  # nothing listens on port 1
    for url in (f"{dead},{ENGINE_URL}", f"{ENGINE_URL},{dead}"):
        t = OpenSearchTransport(url, 1.0)
        for _ in range(4):  # round robin: the dead node's turn comes, and the request goes on to the live one
            assert t.client.cluster.health()["status"] in ("green", "yellow")
        assert list(t.client.transport.connection_pool.dead_count.values()) == [1]  # tried once, then left aside
