"""Engine benchmark: the request bodies of scripts/bench_search.py's queries, sent straight to the engine.

For each body builder (this tree's search.backends.engine, and the same module of another
checkout with --old-tree), every query of bench_search.QUERIES with its filters is sent in turn,
one builder after the other in the same run; a row gives the engine's `took` and the client's
time (median/p95/p99) and the load average. Synonym variants come from the seeded groups
(search/migrations/0002_seed_synonyms.py), as on a fresh site.

    # a stand-in index from the shared corpus, with the real settings and mapping (pdf_text = body)
    python scripts/bench_engine.py load --corpus /tmp/c20k.jsonl --url http://127.0.0.1:9261 --prefix e20k
    # old body against new body, on that index
    python scripts/bench_engine.py run --url http://127.0.0.1:9261 --prefix e20k --old-tree /work/wt/base14
    # each clause's cost, from the profile API, for one query
    python scripts/bench_engine.py profile --url http://127.0.0.1:9261 --prefix e20k --q "hôpitaux de proximité"
"""

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")


def setup(url, prefix):
    os.environ["SEARCH_URL"] = url
    os.environ["SEARCH_INDEX_PREFIX"] = prefix
    os.environ.setdefault("SEARCH_TIMEOUT", "30")  # measured, never cut short
    import django

    django.setup()


def groups():
    from search.synonyms import parse_group

    seeds = importlib.import_module("search.migrations.0002_seed_synonyms")
    return [parse_group(terms) for terms in seeds.GROUPS]


def slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def corpus_docs(path):
    """Index documents shaped as documents.build_doc() makes them, from the generator's JSON lines."""
    from search.indexing.documents import CONTENT_HASH, content_hash

    with open(path, encoding="utf-8") as lines:
        for pk, line in enumerate(lines, start=1):
            item = json.loads(line)
            date = item.get("published") or None
            doc = {
                "title": item["title"],
                "summary": item.get("summary", ""),
                "body": item.get("body", ""),
                "pdf_text": item.get("body", "") if item.get("file_pages") else "",
                "theme_names": item.get("themes", []),
                "audience_names": item.get("audiences", []),
                "kind": item.get("type", ""),
                "themes": [slug(t) for t in item.get("themes", [])],
                "audiences": [slug(a) for a in item.get("audiences", [])],
                "sector": item.get("sector", ""),
                "year": int(date[:4]) if date else None,
                "date": date,
                "url": f"/ressources/{item['slug']}/",
                "formats": ["PDF"] if item.get("file_pages") else [],
            }
            doc[CONTENT_HASH] = content_hash(doc)
            yield pk, doc


def load_index(args):
    from search.indexing.documents import index_body
    from search.indexing.sync import bulk_write, new_index_name
    from search.indexing.transport import alias_name, transport

    t = transport()
    name = new_index_name()
    body = index_body()
    body["settings"].update(refresh_interval="-1", translog={"durability": "async"})
    t.create_index(name, body)
    actions = ({"_index": name, "_id": str(pk), "_source": doc} for pk, doc in corpus_docs(args.corpus))
    start = time.perf_counter()
    bulk_write(actions, refresh=False, threads=2)
    t.put_settings(name, {"index": {"refresh_interval": "1s", "translog.durability": "request"}})
    t.refresh(name)
    t.client.indices.forcemerge(index=name, max_num_segments=1, request_timeout=600)
    old = t.indices_for_alias(alias_name())
    swap = [{"remove": {"index": i, "alias": alias_name()}} for i in old]
    t.update_aliases(swap + [{"add": {"index": name, "alias": alias_name()}}])
    for index in old:
        t.delete_index(index)
    print(f"{name}: {t.count(name)} documents in {time.perf_counter() - start:.0f} s")


def builder_from(tree):
    """search.backends.engine of another checkout, imported under another name (its imports are this tree's)."""
    spec = importlib.util.spec_from_file_location(
        "search.backends.engine_old", Path(tree) / "search" / "backends" / "engine.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def cases():
    """(label, SearchParams, variants) for bench_search's URLs: each query with its filters."""
    import urllib.parse

    from bench_search import urls

    from search.forms import SearchParams
    from search.synonyms import expand

    found = []
    for url in urls("/recherche/"):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query, keep_blank_values=True)
        q = query.pop("q", [""])[0]
        sort = query.pop("tri", ["pertinence"])[0]
        filters = {name: [int(v) if name == "annee" else v for v in values] for name, values in query.items()}
        params = SearchParams(q=q, filters=filters, sort=sort)
        found.append((url, params, expand(q, groups()) if q else []))
    return found


class Timed:
    """The transport, keeping the engine's `took` of each request."""

    def __init__(self, transport, request_cache):
        self.transport, self.request_cache, self.took = transport, request_cache, 0

    def search(self, index, body):
        response = self.transport.client.search(index=index, body=body, request_cache=self.request_cache)
        self.took += response["took"]
        return response


def backend_of(module, request_cache):
    """module.EngineBackend on the configured index, the synonyms of a fresh site, no database read."""
    from search.indexing.transport import alias_name, transport

    module.expand = lambda q: expand_seeded(q)
    backend = module.EngineBackend.__new__(module.EngineBackend)
    backend.transport, backend.index = Timed(transport(), request_cache), alias_name()
    return backend


def expand_seeded(q):
    from search.synonyms import expand

    return expand(q, groups())


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def loadavg():
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def run(args):
    """Each builder's EngineBackend.search() over every case: what the site sends (a second pass,
    the spelling request), the engine's `took` summed per search and the client's time."""
    from search.backends import engine
    from search.indexing.transport import alias_name, transport

    builders = [("new", engine)]
    if args.old_tree:
        builders.insert(0, ("old", builder_from(args.old_tree)))
    work = cases()
    labels = {"type": {}, "secteur": {}}
    count = transport().count(alias_name())
    print(f"Index {alias_name()}: {count} documents; load average {loadavg()}\n")
    print("| body | searches | took p50 | took p95 | took p99 | client p50 | client p95 | client p99 | load avg |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    backends = [(name, backend_of(module, args.request_cache)) for name, module in builders]
    for _, backend in backends:  # warm-up: each case once
        for _, params, _ in work:
            backend.search(replace(params, labels=labels))
    rows = {name: ([], []) for name, _ in backends}
    for i in range(args.requests):  # interleaved: both builders see the same load
        _, params, _ = work[i % len(work)]
        for name, backend in backends:
            backend.transport.took = 0
            start = time.perf_counter()
            backend.search(replace(params, labels=labels))
            rows[name][1].append((time.perf_counter() - start) * 1000)
            rows[name][0].append(backend.transport.took)
    for name, (took, seen) in rows.items():
        cells = [percentile(took, p) for p in (50, 95, 99)] + [percentile(seen, p) for p in (50, 95, 99)]
        print(f"| {name} | {len(took)} | " + " | ".join(f"{c:.1f}" for c in cells) + f" | {loadavg()} |", flush=True)


def profile(args):
    from search.backends import engine
    from search.forms import SearchParams
    from search.indexing.transport import alias_name, transport

    module = builder_from(args.old_tree) if args.old_tree else engine
    client, index = transport().client, alias_name()
    params = SearchParams(q=args.q)
    from search.synonyms import expand

    body = module.build_search(params, expand(args.q, groups()), **({"relaxed": True} if args.relaxed else {}))
    body = body.to_dict()
    body["profile"] = True
    response = client.search(index=index, body=body, request_cache=False)
    for shard in response["profile"]["shards"]:
        for search in shard["searches"]:
            for query in search["query"]:
                show(query, 0)
            print(f"collector {search['collector'][0]['time_in_nanos'] / 1e6:.2f} ms")
        for agg in shard["aggregations"]:
            print(f"agg {agg['description']}: {agg['time_in_nanos'] / 1e6:.2f} ms")
        fetch = shard.get("fetch", {})
        if fetch:
            print(f"fetch: {fetch['time_in_nanos'] / 1e6:.2f} ms")
            for child in fetch.get("children", []):
                print(f"  {child['type']}: {child['time_in_nanos'] / 1e6:.2f} ms")
    print(f"took {response['took']} ms, total {response['hits']['total']}")


def show(query, depth):
    print(f"{'  ' * depth}{query['type']} {query['time_in_nanos'] / 1e6:.2f} ms  {query['description'][:110]}")
    for child in query.get("children", []):
        show(child, depth + 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["load", "run", "profile"])
    parser.add_argument("--url", default=os.environ.get("SEARCH_URL", "http://127.0.0.1:9261"))
    parser.add_argument("--prefix", default="bench")
    parser.add_argument("--corpus", help="load: the generator's JSON lines")
    parser.add_argument(
        "--old-tree", help="run/profile: a checkout whose search/backends/engine.py builds the old body"
    )
    parser.add_argument("--requests", type=int, default=400, help="run: searches per body builder")
    parser.add_argument("--request-cache", action="store_true", help="run: let the shard request cache answer")
    parser.add_argument("--q", default="hôpitaux de proximité", help="profile: the query")
    parser.add_argument("--relaxed", action="store_true", help="profile: the typo-tolerant pass")
    args = parser.parse_args()
    setup(args.url, args.prefix)
    {"load": load_index, "run": run, "profile": profile}[args.command](args)


if __name__ == "__main__":
    main()
