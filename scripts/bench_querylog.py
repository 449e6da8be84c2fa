"""What recording a search in the query log costs the search request: median and p95 per search.

    DATABASE_URL=sqlite:////tmp/bench-querylog.sqlite3 .venv/bin/python scripts/bench_querylog.py
    git show a5bf97c:search/querylog.py > search/_querylog_before.py  # the in-memory one, before the worker
    .venv/bin/python scripts/bench_querylog.py --module search._querylog_before

Migrates the database named by DATABASE_URL (a scratch one: rows are added to it), then calls
log_query() as the search view does, N times over a few distinct queries, with the production
task backend (a row of the database queue per search). Prints one JSON line.
"""

import argparse
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--searches", type=int, default=2000)
    parser.add_argument("--module", default="search.querylog")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    querylog = importlib.import_module(args.module)
    queries = [f"requête {n}" for n in range(50)]
    timings = []
    for n in range(args.searches):
        start = time.perf_counter()
        querylog.log_query(queries[n % len(queries)], n % 7)
        timings.append((time.perf_counter() - start) * 1000)
    querylog.flush_log()
    timings.sort()
    print(
        json.dumps(
            {
                "module": args.module,
                "database": connection.vendor,
                "window_seconds": settings.SEARCH_QUERYLOG_FLUSH_SECONDS,
                "searches": args.searches,
                "median_ms": round(statistics.median(timings), 4),
                "p95_ms": round(timings[int(len(timings) * 0.95)], 4),
                "max_ms": round(timings[-1], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
