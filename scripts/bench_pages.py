"""Page benchmark: serve the hub with gunicorn (2 sync workers), load it from this process over loopback.

Measures p50/p95/p99 latency and req/s at each concurrency for four groups of
pages, with no page or response cache (Django's cached template loader only,
DEBUG off):

- home: `/`
- resources: about 40 resource pages, the same number of every kind (kits,
  webconférences, bonnes pratiques included), picked evenly from the database
- listing: `/ressources/?page=N` (first pages, some deep ones and the last)
- themes: `/thematiques/<slug>/` for the themes with the most resources, page 1 and 2

The database and media come from the environment (DATABASE_URL, MEDIA_ROOT);
settings are DJANGO_SETTINGS_MODULE, hub.settings.test by default, wrapped by
scripts/bench_settings.py so MEDIA_ROOT is honoured (the test settings replace
it with an empty temp dir). Every URL is requested twice before measuring (once
alone, then at concurrency 2 so both workers are warm): cover renditions are
generated then, so the figures are those of the steady state.

`--enrich` first adds, to a database COPY, what the imported corpus lacks and
the pages show: cover images on two resources in three, kit components, hand-
picked related links, featured kits and twelve months of download counters
(deterministic, once: skipped when the covers exist). See docs/benchmarks.md.

`--checkout NAME=PATH[,VAR=VALUE...]` serves several trees side by side, requests alternated
in blocks (see bench_search.py); `--memo 0,1` measures with the page memo off, then on.

    python scripts/bench_pages.py --label "N=20000" --enrich --requests 200
    python scripts/bench_pages.py --groups home,resources --memo 0,1 \
        --checkout before=/work/wt/base14,DATABASE_URL=sqlite:////tmp/x/before.sqlite3 \
        --checkout after=.,DATABASE_URL=sqlite:////tmp/x/after.sqlite3
"""

import argparse
import os
import random
import sys
from pathlib import Path

from bench_search import alternate, load, loadavg, parse_checkouts, print_row, served_all

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
COVERS = 24


def setup_django():
    """Same settings as the served hub (see bench_settings.py), in this process and in gunicorn's."""
    base = os.environ.get("DJANGO_SETTINGS_MODULE", "hub.settings.test")
    if base != "bench_settings":
        os.environ["BENCH_BASE_SETTINGS"] = base
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    paths = [str(SCRIPTS), str(ROOT)]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [os.environ.get("PYTHONPATH")] if p])
    sys.path[:0] = [p for p in paths if p not in sys.path]
    import django

    django.setup()


def cover_file(number):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image = PILImage.new("RGB", (1200, 800), (number * 10 % 255, 90, 160))
    draw = ImageDraw.Draw(image)
    for band in range(0, 1200, 60):
        draw.rectangle([band, 0, band + 30, 800], fill=((band + number * 37) % 255, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ImageFile(buffer, name=f"bench-cover-{number:02d}.jpg")


def enrich(seed=1):
    """Covers, kit components, related links, featured kits and download counts (once, deterministic)."""
    from django.db import transaction
    from django.db.models import Q
    from wagtail.images.models import Image

    from home.models import HomeFeaturedKit, HomePage
    from publications.models import DownloadCount, KitComponent, KitPage, RelatedResource, ResourcePage
    from publications.stats import months_ago

    if Image.objects.filter(title__startswith="bench-cover-").exists():
        print("<!-- enrich: already done, skipped -->")
        return
    rng = random.Random(seed)
    with transaction.atomic():
        covers = []
        for number in range(COVERS):
            image = Image(title=f"bench-cover-{number:02d}")
            image.file.save(f"bench-cover-{number:02d}.jpg", cover_file(number), save=False)
            image.save()
            covers.append(image)
        ids = list(ResourcePage.objects.order_by("pk").values_list("pk", flat=True))
        by_cover = {}
        for pk in ids:
            if pk % 3:
                by_cover.setdefault(covers[pk % COVERS].pk, []).append(pk)
        for cover_id, pks in by_cover.items():
            for start in range(0, len(pks), 500):
                ResourcePage.objects.filter(pk__in=pks[start : start + 500]).update(cover_image_id=cover_id)

        # Kits: 3 to 6 components, resources sharing the kit's first theme, sometimes a document.
        by_theme = {}
        for page_id, tag_id in ResourcePage.objects.exclude(kind="kit").values_list("pk", "theme_items__tag_id"):
            if tag_id:
                by_theme.setdefault(tag_id, []).append(page_id)
        roles = ["flyer", "fiche", "synthese", "modele", "webconference", "outil"]
        components = []
        kits = list(KitPage.objects.order_by("pk").values_list("pk", "theme_items__tag_id"))
        seen = set()
        for kit_id, tag_id in kits:
            if kit_id in seen:
                continue
            seen.add(kit_id)
            pool = by_theme.get(tag_id) or ids
            for order, page_id in enumerate(rng.sample(pool, min(len(pool), rng.randint(3, 6)))):
                components.append(
                    KitComponent(kit_id=kit_id, page_id=page_id, role=rng.choice(roles), sort_order=order)
                )
        KitComponent.objects.bulk_create(components, batch_size=1000)

        links = []
        for pk in rng.sample(ids, len(ids) // 20):
            for order, other in enumerate(rng.sample(ids, 2)):
                if other != pk:
                    links.append(RelatedResource(page_id=pk, resource_id=other, sort_order=order))
        RelatedResource.objects.bulk_create(links, batch_size=1000)

        home = HomePage.objects.first()
        kit_ids = sorted(seen)
        HomeFeaturedKit.objects.bulk_create(
            HomeFeaturedKit(page=home, kit_id=kit_id, sort_order=order)
            for order, kit_id in enumerate(rng.sample(kit_ids, 3))
        )

        document_ids = list(
            ResourcePage.objects.filter(~Q(kind="kit"), documents__isnull=False).values_list(
                "documents__document_id", flat=True
            )
        )
        counts = []
        for months in range(12):
            month = months_ago(months)
            for document_id in rng.sample(document_ids, len(document_ids) // 4):
                counts.append(DownloadCount(document_id=document_id, month=month, count=rng.randint(1, 400)))
            for kit_id in rng.sample(kit_ids, len(kit_ids) // 4):
                counts.append(DownloadCount(kit_id=kit_id, month=month, count=rng.randint(1, 200)))
        DownloadCount.objects.bulk_create(counts, batch_size=1000)
    print(
        f"<!-- enrich: {COVERS} covers on {sum(map(len, by_cover.values()))} resources, {len(components)} kit "
        f"components, {len(links)} related links, 3 featured kits, {len(counts)} download counters -->"
    )


def pick_urls(per_kind, listing_pages, themes):
    """{group: [url, ...]} from the database, deterministic."""
    from django.db import connection
    from django.db.models import Count, Q

    from publications.models import ResourcePage, Theme
    from publications.models.index import PAGE_SIZE

    resources = []
    kinds = [key for key, _ in ResourcePage.KIND_CHOICES]
    by_kind = {}
    for kind in kinds:
        pages = ResourcePage.objects.live().public().filter(kind=kind).order_by("pk")
        total = pages.count()
        if not total:
            continue
        step = max(1, total // per_kind)
        picked = [pages[i] for i in range(0, min(total, step * per_kind), step)][:per_kind]
        by_kind[kind] = [page.get_url() for page in picked]
        resources.extend(by_kind[kind])
    count = ResourcePage.objects.live().public().count()
    last = max(1, -(-count // PAGE_SIZE))
    numbers = sorted({n for n in listing_pages if n <= last} | {last})
    listing = [f"/ressources/?page={n}" for n in numbers]
    live = Q(tagged_resources__content_object__live=True)
    top = (
        Theme.objects.annotate(n=Count("tagged_resources", filter=live)).filter(n__gt=0).order_by("-n", "slug")[:themes]
    )
    theme_urls = [f"/thematiques/{theme.slug}/{page}" for page in ("", "?page=2") for theme in top]
    connection.close()
    return {"home": ["/"], "resources": resources, "listing": listing, "themes": theme_urls}, by_kind, count


def row(labels, latencies, errors, wall):
    if latencies:
        print_row(labels, latencies, errors, wall)


def warm(ports, everything):
    """Every URL once alone (renditions are generated here), then each twice in a row at
    concurrency 2, three times over: both workers see every URL (each keeps its own page memo),
    so the rows are the steady state of pages viewed before."""
    for port in ports:
        load("127.0.0.1", port, everything, 1, len(everything))
        pairs = [url for url in everything for _ in range(2)]
        for _ in range(3):
            _, errors, _ = load("127.0.0.1", port, pairs, 2, len(pairs))
        if errors:
            print(f"<!-- warm-up errors on {port}: {errors[:3]} -->")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="")
    parser.add_argument("--port", type=int, default=8795)
    parser.add_argument("--groups", default="home,resources,listing,themes")
    parser.add_argument("--concurrency", default="1,4")
    parser.add_argument("--requests", type=int, default=200, help="per group and concurrency")
    parser.add_argument("--per-kind", type=int, default=6, help="resource pages of each kind (7 kinds)")
    parser.add_argument("--listing-pages", default="1,2,3,4,5,10,50,200")
    parser.add_argument("--themes", type=int, default=6)
    parser.add_argument("--by-kind", action="store_true", help="also one row per resource kind, at concurrency 1")
    parser.add_argument("--enrich", action="store_true", help="add covers, kit components, downloads (DB copy!)")
    parser.add_argument("--no-serve", action="store_true", help="the server is already running on --port")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument("--list", action="store_true", help="print the URLs and stop")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per checkout")
    parser.add_argument("--memo", default="", help="0,1: PAGE_MEMO off, then on (default: as the environment says)")
    parser.add_argument(
        "--checkout", action="append", help="NAME=PATH[,VAR=VALUE...]: serve this tree too, side by side (repeatable)"
    )
    parser.add_argument("--block", type=int, default=40, help="requests in a row to one checkout before the next")
    args = parser.parse_args()

    setup_django()
    from django.conf import settings

    if args.enrich:
        enrich()
    groups, by_kind, count = pick_urls(args.per_kind, [int(n) for n in args.listing_pages.split(",")], args.themes)
    if args.list:
        for name, targets in groups.items():
            print(name, *targets, sep="\n  ")
        return
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    selected = args.groups.split(",")

    checkouts = parse_checkouts(args.checkout)
    memos = args.memo.split(",") if args.memo else [None]

    print(f"## {args.label}\n")
    print(
        f"{count} live resources; load average before: {loadavg()}; gunicorn {args.workers} workers, "
        f"{args.threads} thread(s) each; settings {os.environ['BENCH_BASE_SETTINGS']} (no page cache); "
        f"page memo {'on' if getattr(settings, 'PAGE_MEMO', False) else 'off'} unless the row says"
        + "".join(f"; {c.name}: {c.path} {' '.join(f'{k}={v}' for k, v in c.env.items())}" for c in checkouts if c.name)
        + "\n"
    )
    print("| pages | URLs | c | memo | checkout | requests | errors | p50 ms | p95 ms | p99 ms | req/s | load |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    everything = [url for name in selected for url in groups[name]]
    for memo in memos:
        env = {"PAGE_MEMO": memo} if memo is not None else {}
        memo_label = memo if memo is not None else os.environ.get("PAGE_MEMO", "1")
        with served_all(
            args.port, checkouts, threads=args.threads, start=not args.no_serve, env=env, workers=args.workers
        ) as served_pairs:
            ports = [port for _, port in served_pairs]
            warm(ports, everything)
            for name in selected:
                targets = groups[name]
                for concurrency in concurrencies:
                    results = alternate(ports, targets, concurrency, args.requests, args.block)
                    for checkout, port in served_pairs:
                        labels = (name, len(targets), concurrency, memo_label, checkout.name or "-")
                        row(labels, *results[port])
            if args.by_kind:
                for kind, targets in by_kind.items():
                    n = max(len(targets), args.requests // 4)
                    results = alternate(ports, targets, 1, n, args.block)
                    for checkout, port in served_pairs:
                        row((f"resources: {kind}", len(targets), 1, memo_label, checkout.name or "-"), *results[port])
    print()


if __name__ == "__main__":
    main()
