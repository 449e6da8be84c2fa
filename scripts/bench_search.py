"""Search benchmark: serve the hub with gunicorn (2 workers), load it from this process over loopback.

Measures p50/p95/p99 latency and req/s at each concurrency, for each path, with
about 40 realistic French queries (some with facets and sorting). The
database, media and engine come from the environment (DATABASE_URL,
SEARCH_URL, SEARCH_INDEX_PREFIX); an empty SEARCH_URL measures the fallback.
See docs/benchmarks.md for the exact commands.

    python scripts/bench_search.py --label "engine N=2000" --requests 400
"""

import argparse
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--paths", default="/recherche/,/api/recherche/")
    parser.add_argument("--concurrency", default="1,4")
    parser.add_argument("--requests", type=int, default=400, help="per path and concurrency")
    parser.add_argument("--no-serve", action="store_true", help="the server is already running on --port")
    args = parser.parse_args()

    server = None
    if not args.no_serve:
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "hub.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                c.request("GET", "/recherche/")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
    try:
        print(f"## {args.label}\n")
        print("| path | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | req/s |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for path in args.paths.split(","):
            targets = urls(path)
            load("127.0.0.1", args.port, targets, 2, len(targets))  # warm-up: every query once
            for concurrency in [int(c) for c in args.concurrency.split(",")]:
                lat, errors, wall = load("127.0.0.1", args.port, targets, concurrency, args.requests)
                print(
                    f"| {path} | {concurrency} | {len(lat)} | {len(errors)} | {percentile(lat, 50):.1f} | "
                    f"{percentile(lat, 95):.1f} | {percentile(lat, 99):.1f} | {len(lat) / wall:.1f} |",
                    flush=True,
                )
                if errors:
                    print(f"<!-- first errors: {errors[:3]} -->")
        print()
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
