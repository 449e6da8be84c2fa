"""/recherche/ (HTML) and /api/recherche/ (JSON): the same parameters, the same backends."""

import hashlib
import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from modelsearch.utils import normalise_query_string

from publications.resource_types import card_statuses

from . import facets
from .backends import engine_configured, get_backend
from .forms import PAGE_SIZE, SearchParamError, parse
from .promotions import promotions
from .querylog import log_query

logger = logging.getLogger("search")

# Where results come from is the staff's concern, not a visitor's: shown to staff only, when a
# configured engine failed (the log says it too: search.backends.fallback).
STAFF_FALLBACK_NOTICE = (
    "Information pour l'équipe : le moteur de recherche ne répond pas, "
    "ces résultats viennent de la recherche de secours (base de données)."
)


def fallback_notice(request, result):
    if result.fallback and engine_configured() and request.user.is_staff:
        return STAFF_FALLBACK_NOTICE
    return ""


def facet_groups(params, result):
    return [
        {"name": f.param, "title": f.title, "values": result.facets[f.param], "open": bool(params.filters[f.param])}
        for f in facets.all()
    ]


def fragment_key(result):
    """The facets and cards are made of the result's hits and facets only: the same data renders the
    same HTML, so search.html keeps their fragments under this digest (docs/benchmarks.md, "One card")."""
    return hashlib.sha1(repr((result.hits, result.facets)).encode()).hexdigest()


def with_statuses(hits):
    """Each hit's status of the moment (an appui terrain's call), or None, read in one batch: never
    from the index nor the results cache, which may be older than the status. Set before
    fragment_key() digests the hits, so the cached cards change with it. The hits are the cache's
    copies (it pickles), so setting the key changes nothing kept."""
    statuses = card_statuses((hit["kind"], hit["id"]) for hit in hits)
    for hit in hits:
        hit["status"] = statuses.get(hit["id"])
    return hits


def run_search(request):
    """(params, result, promoted, error): never raises for any input."""
    try:
        params = parse(request.GET)
    except SearchParamError as exc:
        return None, None, [], str(exc)
    promoted = promotions(params)
    result = get_backend().search(params, exclude_ids=[item["id"] for item in promoted if item["id"]])
    with_statuses(result.hits)
    if params.q and params.page == 1:
        log_query(normalise_query_string(params.q), result.count + len(promoted))  # written in batches
    return params, result, promoted, ""


class PageNumbers:
    """What includes/pagination.html needs, without a Paginator (the engine counted already)."""

    def __init__(self, number, count):
        self.number = number
        self.count = count
        self.num_pages = max(1, -(-min(count, 10_000) // PAGE_SIZE))

    @property
    def paginator(self):
        return self

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


@require_GET
def search(request):
    params, result, promoted, error = run_search(request)
    context = {"query": request.GET.get("q", "")[:200] if params is None else params.q, "error": error}
    if error:
        return render(request, "search/search.html", context, status=400)
    context.update(
        params=params,
        result=result,
        promoted=promoted if params.page == 1 else [],
        facets=facet_groups(params, result),
        fragment_key=fragment_key(result),
        fragment_seconds=int(getattr(settings, "SEARCH_RESULT_CACHE_SECONDS", 0)),
        page_obj=PageNumbers(params.page, result.count),
        fallback_notice=fallback_notice(request, result),
        noindex=params.has_filters or params.page > 1 or params.sort != "pertinence",
    )
    return render(request, "search/search.html", context)


def hit_json(hit):
    return {
        "title": hit["title"],
        "url": hit["url"],
        "type": hit["kind"],
        "date": hit["date"].isoformat() if hit["date"] else None,
        "themes": hit["themes"],
        "audiences": hit["audiences"],
        "sector": hit["sector"],
        "snippet": hit["snippet"],
        "status": {"key": hit["status"].key, "label": hit["status"].label} if hit.get("status") else None,
    }


@require_GET
def api_search(request):
    params, result, promoted, error = run_search(request)
    if error:
        return JsonResponse({"error": error}, status=400)
    results = [
        {
            "title": p["title"],
            "url": p["url"],
            "type": "promotion",
            "date": None,
            "themes": [],
            "audiences": [],
            "sector": "",
            "snippet": p["description"],
            "status": None,
            "promoted": True,
        }
        for p in (promoted if params.page == 1 else [])
    ] + [hit_json(hit) for hit in result.hits]
    return JsonResponse(
        {
            "count": result.count + len(promoted),
            "page": params.page,
            "page_size": PAGE_SIZE,
            "results": results,
            "facets": {
                name: [{"value": v["value"], "label": v["label"], "count": v["count"]} for v in result.facets[name]]
                for name in facets.params()
            },
            "suggestion": result.suggestion or None,
            "fallback": result.fallback,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_suggestions(request):
    q = " ".join(request.GET.get("q", "").split())[:100]
    if len(q) < 2:
        return JsonResponse([], safe=False)
    titles = get_backend().suggest(q)
    return JsonResponse([item["title"] for item in titles], safe=False, json_dumps_params={"ensure_ascii": False})
