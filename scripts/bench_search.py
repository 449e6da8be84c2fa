"""Search benchmark: serve the hub with gunicorn (2 workers), load it from this process over loopback.

Measures p50/p95/p99 latency and req/s at each concurrency, for each path, with
about 40 realistic French queries (some with facets and sorting). The
database, media and engine come from the environment (DATABASE_URL,
SEARCH_URL, SEARCH_INDEX_PREFIX); an empty SEARCH_URL measures the fallback.
`--modes engine,fallback` measures both in one run, each with its own gunicorn
(the fallback one started with SEARCH_URL emptied); `engine+cache` and
`fallback+cache` turn on the per-worker result cache (search/backends/cached.py), which
the plain modes measure without. Settings: hub.settings.test
unless DJANGO_SETTINGS_MODULE says otherwise (DEBUG off, cached template loader).

`--checkout NAME=PATH[,VAR=VALUE...]` (repeatable) compares checkouts side by side in one
run: each gets its own gunicorn (its own code, from PATH, on the next port) with the
environment variables given after it (its own SEARCH_INDEX_PREFIX, DATABASE_URL...;
BENCH_THREADS and BENCH_WORKERS set its gunicorn's threads and workers), and
the requests of a row go to the checkouts in alternating blocks (`--block`), so that they
share the same load. One row per checkout, each ending with the load average.
See docs/benchmarks.md for the exact commands.

    python scripts/bench_search.py --label "N=2000" --modes engine,fallback --requests 400
    python scripts/bench_search.py --modes engine,engine+cache,fallback \
        --checkout before=/work/wt/base14,SEARCH_INDEX_PREFIX=base --checkout after=.,SEARCH_INDEX_PREFIX=mine
"""

import argparse
import contextlib
import dataclasses
import http.client
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

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


SCRIPTS = Path(__file__).resolve().parent


@dataclasses.dataclass
class Checkout:
    """A tree to serve: its name in the rows, its root, and environment variables of its own."""

    name: str
    path: Path
    env: dict

    @property
    def python(self):
        venv = self.path / ".venv" / "bin" / "python"
        return str(venv) if venv.exists() else sys.executable


def parse_checkouts(specs):
    """["before=/work/wt/base14,SEARCH_INDEX_PREFIX=b"] -> [Checkout]; none: this tree, as before."""
    checkouts = []
    for spec in specs or []:
        head, *pairs = spec.split(",")
        name, _, path = head.partition("=")
        if not name or not path:
            raise SystemExit(f"--checkout NAME=PATH[,VAR=VALUE...], not {spec!r}")
        env = dict(pair.split("=", 1) for pair in pairs)
        checkouts.append(Checkout(name, Path(path).resolve(), env))
    if len({c.name for c in checkouts}) != len(checkouts):
        raise SystemExit("--checkout: every name once")
    return checkouts or [Checkout("", SCRIPTS.parent, {})]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def load(host, port, targets, concurrency, total, offset=0):
    """`total` GETs of targets (round robin from `offset`) by `concurrency` clients: (latencies ms, errors, wall s)."""
    latencies, errors, lock = [], [], threading.Lock()
    counter = iter(range(offset, offset + total))

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


def alternate(ports, targets, concurrency, total, block):
    """Like load(), for several servers at once: blocks of `block` requests go to each in turn
    (the first one changing every round), so that they run under the same load.
    {port: (latencies, errors, wall)}, each server having had `total` requests."""
    results = {port: ([], [], 0.0) for port in ports}
    done, round_ = 0, 0
    while done < total:
        n = min(block, total - done)
        order = ports[round_ % len(ports) :] + ports[: round_ % len(ports)]
        for port in order:
            lat, err, wall = load("127.0.0.1", port, targets, concurrency, n, offset=done)
            latencies, errors, walls = results[port]
            results[port] = (latencies + lat, errors + err, walls + wall)
        done += n
        round_ += 1
    return results


def loadavg():
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


@contextlib.contextmanager
def served(port, search_url=None, threads=1, result_cache=0, start=True, checkout=None, env=None, workers=2):
    """gunicorn (2 workers) on `port` for the block, ready for requests; start=False: already running.

    checkout: the tree whose code is served (its directory, its .venv), with its own variables;
    env: more variables for this server (PAGE_MEMO...)."""
    if not start:
        yield
        return
    checkout = checkout or Checkout("", SCRIPTS.parent, {})
    env = {**os.environ, **checkout.env, **(env or {})}
    # Serving options of one checkout (--checkout sync=.,BENCH_THREADS=1 --checkout gthread=.,BENCH_THREADS=4).
    threads = int(env.pop("BENCH_THREADS", threads))
    workers = int(env.pop("BENCH_WORKERS", workers))
    env.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
    env["SEARCH_RESULT_CACHE_SECONDS"] = str(result_cache)
    if search_url is not None:
        env["SEARCH_URL"] = search_url
    # The checkout's own code: its root first; this directory only for bench_settings.
    env["PYTHONPATH"] = os.pathsep.join([str(checkout.path), str(SCRIPTS)])
    server = subprocess.Popen(
        [checkout.python, "-m", "gunicorn", "hub.wsgi", "-w", str(workers), "--threads", str(threads)]
        + ["-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
        cwd=checkout.path,
    )
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise SystemExit(f"gunicorn on {port} ({checkout.name or checkout.path}) exited")
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


@contextlib.contextmanager
def served_all(port, checkouts, **kwargs):
    """One gunicorn per checkout, on port, port + 1...: [(checkout, port)]."""
    with contextlib.ExitStack() as stack:
        pairs = []
        for i, checkout in enumerate(checkouts):
            stack.enter_context(served(port + i, checkout=checkout, **kwargs))
            pairs.append((checkout, port + i))
        yield pairs


def measure(pairs, paths, concurrencies, requests, mode, block):
    ports = [port for _, port in pairs]
    for path in paths:
        targets = urls(path)
        # warm-up: every query once (the slow fallback: the first ten)
        for port in ports:
            load("127.0.0.1", port, targets, 2, len(targets) if mode.startswith("engine") else 10)
        for concurrency in concurrencies:
            results = alternate(ports, targets, concurrency, requests, block)
            for checkout, port in pairs:
                print_row((mode, path, concurrency, checkout.name or "-"), *results[port])


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
    parser.add_argument("--port", type=int, default=8790, help="the first checkout's; the next ones follow")
    parser.add_argument("--paths", default="/recherche/,/api/recherche/")
    parser.add_argument("--concurrency", default="1,4")
    parser.add_argument("--requests", type=int, default=400, help="per path and concurrency")
    parser.add_argument("--no-serve", action="store_true", help="the server is already running on --port")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per checkout")
    parser.add_argument(
        "--modes",
        default="",
        help="engine,fallback: one gunicorn per mode (fallback: SEARCH_URL emptied); "
        "a mode ending in +cache keeps recent results (SEARCH_RESULT_CACHE_SECONDS=300), the others do not",
    )
    parser.add_argument("--fallback-requests", type=int, default=40, help="per path and concurrency, on the fallback")
    parser.add_argument(
        "--checkout", action="append", help="NAME=PATH[,VAR=VALUE...]: serve this tree too, side by side (repeatable)"
    )
    parser.add_argument("--block", type=int, default=40, help="requests in a row to one checkout before the next")
    args = parser.parse_args()
    paths = args.paths.split(",")
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    modes = args.modes.split(",") if args.modes else ["engine" if os.environ.get("SEARCH_URL") else "fallback"]
    checkouts = parse_checkouts(args.checkout)

    print(f"## {args.label}\n")
    print(
        f"Load average before: {loadavg()}; gunicorn {args.workers} workers, {args.threads} thread(s) each"
        + "".join(f"; {c.name}: {c.path} {' '.join(f'{k}={v}' for k, v in c.env.items())}" for c in checkouts if c.name)
        + "\n"
    )
    print("| backend | path | concurrency | checkout | requests | errors | p50 ms | p95 ms | p99 ms | req/s | load |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for mode in modes:
        backend, cached = mode.removesuffix("+cache"), mode.endswith("+cache")
        search_url = "" if backend == "fallback" else None
        options = dict(search_url=search_url, threads=args.threads, result_cache=300 if cached else 0)
        with served_all(args.port, checkouts, start=not args.no_serve, workers=args.workers, **options) as pairs:
            n = args.requests if backend == "engine" or cached else args.fallback_requests
            measure(pairs, paths, concurrencies, n, mode, args.block)
    print()


if __name__ == "__main__":
    main()
