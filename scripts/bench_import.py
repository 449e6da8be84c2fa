#!/usr/bin/env python3
"""Time `manage.py import_catalogue` on a fresh SQLite database.

Generates N resources with the shared generator (cached in /tmp), migrates a
template database once, then for each run: copies the template, imports the
catalogue, and (unless --no-reimport) imports it again (the idempotent run).
Prints each run and the median.

    .venv/bin/python scripts/bench_import.py --n 2000 --runs 3
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = os.environ.get("CORPUS_GENERATOR") or ROOT.parent / "shared" / "corpus" / "generate.py"


def corpus(n, seed, generator):
    path = Path(tempfile.gettempdir()) / f"catalogue-{n}-{seed}.jsonl"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as out:
            subprocess.run([sys.executable, str(generator), "--n", str(n), "--seed", str(seed)], stdout=out, check=True)
    return path


def manage(env, *args):
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, done.stdout.strip()


def load():
    """The 1-minute load average: the machine may be busy with other work."""
    return f"load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""


def command_seconds(summary):
    """The duration the command reports itself (without Python/Django start-up)."""
    match = re.search(r"en (\d+,\d) s", summary)
    return float(match.group(1).replace(",", ".")) if match else float("nan")


def cpu_seconds(summary):
    """CPU seconds of the main process and of the PDF workers, from the command's -v 2 line."""
    match = re.search(r"Temps processeur : ([\d,]+) s dans le processus principal .*?, ([\d,]+) s", summary)
    if not match:
        return float("nan"), float("nan")
    return tuple(float(group.replace(",", ".")) for group in match.groups())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="passed to import_catalogue")
    parser.add_argument("--no-reimport", action="store_true")
    parser.add_argument("--generator", default=str(GENERATOR))
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "bench-import"))
    args = parser.parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    template, database, media = workdir / "template.sqlite3", workdir / "bench.sqlite3", workdir / "media"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.dev", "MEDIA_ROOT": str(media)}
    catalogue = corpus(args.n, args.seed, args.generator)
    print(f"Catalogue: {catalogue} ({args.n} lignes, graine {args.seed})")

    for leftover in workdir.glob("template.sqlite3*"):
        leftover.unlink()
    manage({**env, "DATABASE_URL": f"sqlite:///{template}"}, "migrate", "--noinput", "-v0")

    extra = ["--quiet", "-v", "2"] + (["--jobs", str(args.jobs)] if args.jobs else [])
    timings = {"import": [], "re-import": []}
    for run in range(1, args.runs + 1):
        for leftover in workdir.glob("bench.sqlite3*"):
            leftover.unlink()
        shutil.rmtree(media, ignore_errors=True)
        shutil.copy(template, database)
        run_env = {**env, "DATABASE_URL": f"sqlite:///{database}"}
        for label in ("import", "re-import")[: 1 if args.no_reimport else 2]:
            wall, output = manage(run_env, "import_catalogue", str(catalogue), *extra)
            pages_cpu, workers_cpu = cpu_seconds(output)
            timings[label].append((wall, command_seconds(output), pages_cpu, workers_cpu))
            print(
                f"run {run} {label:9}: {wall:6.1f} s wall ({timings[label][-1][1]:.1f} s in the command), "
                f"CPU {pages_cpu:.1f} s main process + {workers_cpu:.1f} s PDF workers, {load()}"
            )
            print("   ", output.splitlines()[0])

    for label, rows in timings.items():
        if not rows:
            continue
        wall, inner, pages_cpu, workers_cpu = (statistics.median(column) for column in zip(*rows, strict=True))
        cores = os.cpu_count() or 1
        walls = [row[0] for row in rows]
        print(
            f"{label:9}: median {wall:.1f} s wall (min {min(walls):.1f}, max {max(walls):.1f}), "
            f"{inner:.1f} s in the command, {args.n / wall:.0f} ressources/s; "
            f"CPU {pages_cpu:.1f} s main process + {workers_cpu:.1f} s PDF workers "
            f"(on {cores} idle cores: about {max(pages_cpu, (pages_cpu + workers_cpu) / cores):.0f} s + start-up)"
        )


if __name__ == "__main__":
    main()
