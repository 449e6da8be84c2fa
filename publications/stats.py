"""Anonymous download statistics: counters per document or kit and month.

Nothing personal is recorded: no IP address, user agent, cookie or account,
only "this file, this month, one more".
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from core.content_version import memo

from .models import DownloadCount, ResourceDocument, ResourcePage
from .models.distribution import month_start
from .models.resource import with_card_images

RANKING_SIZE = 60  # enough for the home page's 6 even when some are no longer live


def record_document_download(document):
    DownloadCount.increment(document=document)


def record_kit_download(kit):
    DownloadCount.increment(kit=kit)


def months_ago(months, day=None):
    """The first day of the month `months` months before `day`'s month."""
    start = month_start(day)
    year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


def download_totals(since):
    """{resource page id: downloads since `since`}: documents count for the pages listing them, ZIPs for their kit."""
    totals = {}
    counts = DownloadCount.objects.filter(month__gte=since)
    rows = (
        counts.filter(document__resource_links__isnull=False)
        .values(page_id=F("document__resource_links__page_id"))
        .annotate(total=Sum("count"))
        .values_list("page_id", "total")
    )
    kit_rows = (
        counts.filter(kit__isnull=False).values("kit_id").annotate(total=Sum("count")).values_list("kit_id", "total")
    )
    for page_id, total in [*rows, *kit_rows]:
        totals[page_id] = totals.get(page_id, 0) + total
    return totals


def ranking(months, size=RANKING_SIZE):
    """[(resource page id, downloads)], most downloaded first, over the last `months` months.

    Adding up a year of counters takes most of the home page's time with 20,000
    resources (about 150 ms), so the ranking is kept DOWNLOAD_RANKING_CACHE_SECONDS
    (10 minutes by default) in each process; the pages it names are read fresh.
    """
    since = months_ago(months - 1)
    ttl = getattr(settings, "DOWNLOAD_RANKING_CACHE_SECONDS", 0)
    key = f"publications:download-ranking:{since.isoformat()}:{size}"
    if ttl > 0 and (cached := cache.get(key)) is not None:
        return cached
    totals = download_totals(since)
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:size]
    if ttl > 0:
        cache.set(key, ranked, ttl)
    return ranked


def most_downloaded(limit=6, months=12):
    """The live public resources downloaded most over the last `months` months (current month included).

    The ranking names up to `limit * 5` pages, some since unpublished or restricted: which ones
    still show is asked first (ids only), so only the `limit` shown are loaded as cards.
    """
    candidates = ranking(months)[: limit * 5]
    if not candidates:
        return []
    key = f"most-downloaded:{limit}:{hash(tuple(candidates))}"  # ints: the same hash in every process
    return memo(key, lambda: _showable(candidates, limit))


def _showable(candidates, limit):
    showable = set(
        ResourcePage.objects.live().public().filter(pk__in=[pk for pk, _ in candidates]).values_list("pk", flat=True)
    )
    totals = dict([(pk, total) for pk, total in candidates if pk in showable][:limit])
    pages = {page.pk: page for page in ResourcePage.objects.cards().filter(pk__in=totals)}
    ranked = []
    for page_id, total in totals.items():
        if page_id in pages:  # unpublished between the two queries: skipped
            pages[page_id].download_total = total
            ranked.append(pages[page_id])
    return with_card_images(ranked)


def report_rows():
    """Downloads per resource and month, for the admin report (a values() queryset).

    A document counts for the first resource page that lists it, or stands on
    its own when no page lists it; a kit ZIP counts for its kit.
    """
    owner = ResourceDocument.objects.filter(document=OuterRef("document_id")).order_by("page_id")
    return (
        DownloadCount.objects.annotate(
            resource_id=Coalesce("kit_id", Subquery(owner.values("page_id")[:1]), output_field=IntegerField()),
            resource_title=Coalesce(
                "kit__title",
                Subquery(owner.values("page__title")[:1]),
                "document__title",
                output_field=CharField(),
            ),
        )
        .values("month", "resource_id", "resource_title")
        .annotate(
            downloads=Sum("count"),
            kit_downloads=Coalesce(Sum("count", filter=Q(kit__isnull=False)), 0),
        )
        .order_by("-month", "-downloads", "resource_title")
    )
