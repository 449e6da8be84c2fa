"""One node of a real 3-node OpenSearch cluster killed under search load: the site neither fails
nor falls back to the database, and index updates go on. The cluster is started here by
search/engine/run.sh (SEARCH_NODES=3, one JVM per node), on the ports after SEARCH_FAULT_PORT."""

import time

import pytest

from tests.e2e.dbstate import migrations_data  # noqa: F401 - restores the migrations' data

from .engine_nodes import (
    CATCH_UP_SECONDS,
    SearchLoad,
    draft,
    on_nodes,
    publish,
    wait_for_index,
    wait_for_searches,
    worker_for,
)

pytestmark = [
    pytest.mark.engine,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]

SEARCHES_WHILE_DOWN = 20  # the node stays down for this many searches, however slow the machine


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
    shared_database, cluster, engine_site, settings, site_tree, make_resource, tmp_path, monkeypatch
):
    from search.backends.database import DatabaseBackend
    from search.indexing.transport import alias_name, transport

    on_nodes(settings, cluster)
    # A killed node refuses at once, and the client moves on; only a live node starved by this
    # 2-core machine answers late, which is not what is tested here (the timeout's own test is
    # test_engine_faults' frozen node).
    settings.SEARCH_TIMEOUT = 3.0
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
            wait_for_searches([load], SEARCHES_WHILE_DOWN, since=down)
        cluster.restart(victim)

    searches = load.between(down, time.monotonic())
    assert len(searches) >= SEARCHES_WHILE_DOWN, len(searches)
    assert load.errors() == [], load.errors()
    assert all(fallback is False for _, _, fallback, _ in load.results), "réponses de la base de données"
    assert asked_the_database == []
    pool = transport().client.transport.connection_pool
    assert pool.dead_count, "le client n'a jamais essayé le nœud tué"  # so it did fail over
    assert written < CATCH_UP_SECONDS
