"""Search benchmark: serve the hub with gunicorn (2 workers), load it from this process over loopback.

Measures p50/p95/p99 latency and req/s at each concurrency, for each path, with
about 40 realistic French queries (some with facets and sorting). The
database, media and engine come from the environment (DATABASE_URL,
SEARCH_URL, SEARCH_INDEX_PREFIX); an empty SEARCH_URL measures the fallback.
`--modes engine,fallback` measures both in one run, each with its own gunicorn
(the fallback one started with SEARCH_URL empty); `engine+cache` and
`fallback+cache` turn on the per-worker result cache (search/backends/cached.py), which
the plain modes measure without. Settings: hub.settings.test
unless DJANGO_SETTINGS_MODULE says otherwise (DEBUG off, cached template loader).
See docs/benchmarks.md for the exact commands.

    python scripts/bench_search.py --label "N=2000" --modes engine,fallback --requests 400
"""

import argparse
import contextlib
import http.client
import os
import subprocess
import sys
import threading
import time
import urllib.parse

QUERIES = [
    "hôpitaux de proximité",
    "hopitaux de proximite",
    "HAD",
    "l'HAD",
    "hospitalisation à domicile",
    "hospitalisation a domicle",
    "admission en HAD",
    "urgences",
    "sortie des urgences",
    "EHPAD",
    "parcours de la personne âgée",
    "SMR",
    "soins médicaux et de réadaptation",
    "PDSA",
    "SAS",
    "GHT achats",
    "ESMS numérique",
    "CPTS coordination",
    "IDE de liaison",
    "infirmier de liaison",
    "tableau de bord",
    "ressources humaines",
    "attractivité des métiers",
    "développement durable",
    "immobilier hospitalier",
    "logistique",
    "santé mentale",
    "expérience patient",
    "télémédecine",
    "téléconsultation",
    "dématérialisation",
    "finances",
    "performance",
    "lits",
    "tension sur les lits",
    "bloc opératoire",
    "kit",
    "webconférence",
    "",
    "qualité de vie au travail",
]
FILTERS = ["", "&tri=date", "&secteur=sanitaire", "&theme=urgences&theme=numerique", "&type=fiche_pratique&annee=2023"]


def urls(path):
    out = []
    for i, q in enumerate(QUERIES):
        out.append(f"{path}?q={urllib.parse.quote(q)}{FILTERS[i % len(FILTERS)]}")
    return out


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def load(host, port, targets, concurrency, total):
    latencies, errors, lock = [], [], threading.Lock()
    counter = iter(range(total))

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            url = targets[i % len(targets)]
            start = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                status = response.status
            except Exception as exc:  # noqa: BLE001
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                status = repr(exc)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed * 1000)
                if status != 200:
                    errors.append((url, status))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return latencies, errors, wall


def loadavg():
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


@contextlib.contextmanager
def served(port, search_url=None, threads=1, result_cache=0, start=True):
    """gunicorn (2 workers) on `port` for the block, ready for requests; start=False: already running."""
    if not start:
        yield
        return
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
    env["SEARCH_RESULT_CACHE_SECONDS"] = str(result_cache)
    if search_url is not None:
        env["SEARCH_URL"] = search_url
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "hub.wsgi", "-w", "2", "--threads", str(threads)]
        + ["-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
    )
    try:
        for _ in range(150):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/recherche/")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(port, paths, concurrencies, requests, mode):
    for path in paths:
        targets = urls(path)
        # warm-up: every query once (the slow fallback: the first ten)
        load("127.0.0.1", port, targets, 2, len(targets) if mode.startswith("engine") else 10)
        for concurrency in concurrencies:
            n = requests
            lat, errors, wall = load("127.0.0.1", port, targets, concurrency, n)
            print_row((mode, path, concurrency), lat, errors, wall)


def print_row(labels, latencies, errors, wall):
    """One markdown row: the labels, then requests, errors, p50/p95/p99 ms, req/s and the load average."""
    figures = [percentile(latencies, p) for p in (50, 95, 99)] + [len(latencies) / wall]
    cells = [*labels, len(latencies), len(errors), *(f"{x:.1f}" for x in figures), loadavg()]
    print("| " + " | ".join(str(cell) for cell in cells) + " |", flush=True)
    if errors:
        print(f"<!-- first errors: {errors[:3]} -->")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--paths", default="/recherche/,/api/recherche/")
    parser.add_argument("--concurrency", default="1,4")
    parser.add_argument("--requests", type=int, default=400, help="per path and concurrency")
    parser.add_argument("--no-serve", action="store_true", help="the server is already running on --port")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument(
        "--modes",
        default="",
        help="engine,fallback: one gunicorn per mode (fallback: SEARCH_URL emptied); "
        "a mode ending in +cache keeps recent results (SEARCH_RESULT_CACHE_SECONDS=300), the others do not",
    )
    parser.add_argument("--fallback-requests", type=int, default=40, help="per path and concurrency, on the fallback")
    args = parser.parse_args()
    paths = args.paths.split(",")
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    modes = args.modes.split(",") if args.modes else ["engine" if os.environ.get("SEARCH_URL") else "fallback"]

    print(f"## {args.label}\n")
    print(f"Load average before: {loadavg()}; gunicorn 2 workers, {args.threads} thread(s) each\n")
    print("| backend | path | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | req/s | load avg |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for mode in modes:
        backend, cached = mode.removesuffix("+cache"), mode.endswith("+cache")
        search_url = "" if backend == "fallback" else None
        with served(args.port, search_url, args.threads, 300 if cached else 0, start=not args.no_serve):
            n = args.requests if backend == "engine" or cached else args.fallback_requests
            measure(args.port, paths, concurrencies, n, mode)
    print()


if __name__ == "__main__":
    main()
