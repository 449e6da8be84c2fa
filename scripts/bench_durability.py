"""Durability benchmark: real nodes broken on purpose, the real worker, in one run.

1. catch-up: kill -9 of a single node, N pages retitled and published during the outage, the node
   started again; the seconds from "node healthy" until the index holds every new title (the worker
   catches up by itself: retries, backoff), per round;
2. publish latency: M publishes with the node healthy, then M with the node frozen (SIGSTOP),
   side by side;
3. a 3-node cluster, one node killed under search load (the site's search API, one client in a
   loop): searches, errors, answers from the database fallback, latency, per round.

Nodes come from search/engine/run.sh (tests/engine_nodes.py: a single node on --port, the cluster
on the next three ports), the worker is `manage.py worker` in another process, the database a
fresh SQLite file (or DATABASE_URL, emptied by `migrate` on a new database only). Settings:
tests/worker_settings.py (the test settings with the database task backend). See docs/benchmarks.md.

    SEARCH_LIB_DIR=/work/main/.opensearch/lib python scripts/bench_durability.py --rounds 5
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.worker_settings")
WORK = Path(tempfile.mkdtemp(prefix="bench-durability-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'db.sqlite3'}")


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def summary(values):
    return (
        f"median {statistics.median(values):.3f} s, p95 {p95(values):.3f} s, max {max(values):.3f} s (n={len(values)})"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=9280, help="the single node; the cluster on the next 3")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--updates", type=int, default=20, help="pages published during each outage")
    parser.add_argument("--publishes", type=int, default=20, help="publishes healthy, then frozen")
    parser.add_argument("--load-seconds", type=float, default=8.0, help="search load per cluster round")
    parser.add_argument("--parts", default="single,cluster", help="single (1 and 2), cluster (3), or both")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from core.site_tree import ensure_site_tree
    from search import backends, indexing
    from search.indexing.transport import alias_name
    from tests.engine_nodes import WorkerProcess, draft, index_state, publish

    call_command("migrate", verbosity=0)
    site_tree = ensure_site_tree()
    settings.SEARCH_TIMEOUT = 1.0
    settings.SEARCH_RETRY_AFTER = 2.0
    settings.SEARCH_RESULT_CACHE_SECONDS = 0
    print(f"data in {WORK}; database {settings.DATABASES['default']['NAME']}", flush=True)

    def use(nodes, prefix):
        settings.SEARCH_URL, settings.SEARCH_INDEX_PREFIX = nodes.url, prefix
        indexing.forget_ensured()
        backends.reset_breaker()
        indexing.ensure_index()
        return WorkerProcess(
            WORK / f"worker-{prefix}.log", SEARCH_URL=nodes.url, SEARCH_INDEX_PREFIX=prefix, SEARCH_TIMEOUT=1.0
        )

    def wait_for(nodes, expected, timeout=120):
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if index_state(nodes, alias_name(), expected) == expected:
                    return time.monotonic() - started
            except Exception:  # noqa: BLE001, S110 - the node is still starting: poll again
                pass
            time.sleep(0.1)
        raise SystemExit(f"the index did not catch up within {timeout} s")

    parts = set(args.parts.split(","))
    pages = [draft(site_tree, f"Bench durabilité {n}") for n in range(args.updates)]
    for page in pages:
        publish(page)
    results = []
    if "single" in parts:
        results += single_node(args, pages, use, wait_for)
    if "cluster" in parts:
        results += cluster_nodes(args, pages, use, wait_for)
    print("\n== Results")
    print("\n".join(results))


def single_node(args, pages, use, wait_for):
    from tests.engine_nodes import Nodes, publish, timed

    single = Nodes(WORK / "single", args.port, 1).start()
    try:
        with use(single, "bench-single") as worker:
            wait_for(single, {page.pk: page.title for page in pages})

            # 1. catch-up after the engine returns
            catch_up, restart = [], []
            for round_ in range(args.rounds):
                single.kill(1)
                for page in pages:
                    publish(page, f"Bench durabilité {page.pk} tour {round_}")
                time.sleep(2)  # the worker meets the dead node and backs off
                restart.append(timed(lambda: single.restart(1)))
                catch_up.append(wait_for(single, {page.pk: page.title for page in pages}))
                print(f"  catch-up round {round_ + 1}: {catch_up[-1]:.2f} s (restart {restart[-1]:.1f} s)", flush=True)

            # 2. a publish's latency, healthy then frozen
            healthy = [timed(lambda page=page: publish(page, f"{page.title} sain")) for page in pages[: args.publishes]]
            wait_for(single, {page.pk: page.title for page in pages})
            pid = single.freeze(1)
            try:
                frozen = [
                    timed(lambda page=page: publish(page, f"{page.title} gelé")) for page in pages[: args.publishes]
                ]
            finally:
                single.thaw(pid)
            thawed = wait_for(single, {page.pk: page.title for page in pages})
            alive = worker.alive()
    finally:
        single.stop()

    return [
        f"catch-up after the engine returns ({args.updates} updates made during the outage): {summary(catch_up)}",
        f"  node restart (run.sh start-node, until healthy): {summary(restart)}",
        f"publish, engine healthy: {summary(healthy)}",
        f"publish, engine frozen (SIGSTOP): {summary(frozen)}",
        f"  after SIGCONT, the index held every frozen publish after {thawed:.2f} s; worker alive: {alive}",
    ]


def cluster_nodes(args, pages, use, wait_for):
    from tests.engine_nodes import Nodes, SearchLoad, publish

    cluster = Nodes(WORK / "cluster", args.port + 1, 3).start()
    rounds = []
    try:
        with use(cluster, "bench-cluster"):
            expected = {page.pk: page.title for page in pages}
            for page in pages:  # the pages' tasks for this index
                publish(page)
            wait_for(cluster, expected)
            # One replica of every shard, started: a cluster survives a node only then.
            assert cluster.client(timeout=40).cluster.health(wait_for_status="green")["status"] == "green"
            for round_ in range(args.rounds):
                victim = round_ % 3 + 1  # the previous one is back and green (Nodes.restart)
                with SearchLoad(["durabilité", "bench", "bench durabilité"]) as load:
                    time.sleep(1)
                    cluster.kill(victim)
                    killed = time.monotonic()
                    publish(pages[round_], f"Bench cluster {round_}")
                    expected[pages[round_].pk] = pages[round_].title
                    write = wait_for(cluster, expected)
                    time.sleep(max(0.0, args.load_seconds - (time.monotonic() - killed)))
                after = load.between(killed, time.monotonic())
                rounds.append(
                    {
                        "searches": len(load.results),
                        "after_kill": len(after),
                        "errors": len(load.errors()),
                        "fallbacks": sum(1 for r in load.results if r[2] is not False),
                        "latencies": [r[3] for r in after],
                        "write": write,
                    }
                )
                print(
                    f"  cluster round {round_ + 1} (node {victim} killed): {rounds[-1]['errors']} errors, "
                    f"{rounds[-1]['fallbacks']} fallbacks, {len(after)} searches after the kill, "
                    f"write visible after {write:.2f} s",
                    flush=True,
                )
                cluster.restart(victim)
    finally:
        cluster.stop()

    latencies = [value for r in rounds for value in r["latencies"]]
    return [
        f"cluster, one node killed under search load, {len(rounds)} rounds: "
        f"{sum(r['errors'] for r in rounds)} errors, {sum(r['fallbacks'] for r in rounds)} fallbacks "
        f"over {sum(r['searches'] for r in rounds)} searches ({sum(r['after_kill'] for r in rounds)} after a kill)",
        f"  search latency after a kill: {summary(latencies)}",
        f"  a publish visible in the index after a kill: {summary([r['write'] for r in rounds])}",
    ]


if __name__ == "__main__":
    main()
