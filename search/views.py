"""/recherche/ (HTML) and /api/recherche/ (JSON): the same parameters, the same backends."""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from modelsearch.utils import normalise_query_string

from . import backends, cache, facets
from .forms import PAGE_SIZE, SearchParamError, parse
from .render import facets_html, hits_html

logger = logging.getLogger("search")

# Where results come from is the staff's concern, not a visitor's: shown to staff only, when a
# configured engine failed (the log says it too, search.backends.mark_down).
STAFF_FALLBACK_NOTICE = (
    "Information pour l'équipe : le moteur de recherche ne répond pas, "
    "ces résultats viennent de la recherche de secours (base de données)."
)


def fallback_notice(request, result):
    if result.fallback and backends.engine_configured() and request.user.is_staff:
        return STAFF_FALLBACK_NOTICE
    return ""


def promoted_queries():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    return frozenset(SearchPromotion.objects.values_list("query__query_string", flat=True).distinct())


def promotions(params):
    """Editors' search promotions for this exact query (Wagtail's search_promotions).

    The set of promoted query strings is cached (search/cache.py): only a query that has
    promotions costs a database query, which keeps the pages' live state and URLs fresh.
    """
    if not params.q:
        return []
    query_string = normalise_query_string(params.q)
    if query_string not in cache.cached("promoted_queries", promoted_queries):
        return []
    from wagtail.contrib.search_promotions.models import SearchPromotion

    picks = SearchPromotion.objects.filter(query__query_string=query_string).select_related("page")
    out = []
    for pick in picks.order_by("sort_order"):
        if pick.page_id and pick.page.live:
            out.append(
                {"id": pick.page_id, "title": pick.page.title, "url": pick.page.url, "description": pick.description}
            )
        elif pick.external_link_url:
            out.append(
                {
                    "id": None,
                    "title": pick.external_link_text,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return out


def facet_groups(params, result):
    return [
        {"name": f.param, "title": f.title, "values": result.facets[f.param], "open": bool(params.filters[f.param])}
        for f in facets.all()
    ]


def with_html(params, answer):
    """The backend's answer with the page's HTML fragments, rendered once for the result cache."""
    result, on_engine = answer
    result.html = {"facets": facets_html(facet_groups(params, result)), "hits": hits_html(result.hits)}
    return result, on_engine


def run_search(request, html=False):
    """(params, result, promoted, error): never raises for any input. html: with the results page's fragments."""
    try:
        params = parse(request.GET)
    except SearchParamError as exc:
        return None, None, [], str(exc)
    promoted = promotions(params)
    exclude = [item["id"] for item in promoted if item["id"]]

    def compute():
        answer = backends.call("search", params, exclude_ids=exclude)
        return with_html(params, answer) if html else answer

    result, on_engine = cache.search_result(
        params, exclude, compute, on_engine=backends.engine_available(), variant="html" if html else "data"
    )
    result.fallback = not on_engine
    if params.q and params.page == 1:
        cache.log_query(normalise_query_string(params.q), result.count + len(promoted))  # written in batches
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
    params, result, promoted, error = run_search(request, html=True)
    context = {"query": request.GET.get("q", "")[:200] if params is None else params.q, "error": error}
    if error:
        return render(request, "search/search.html", context, status=400)
    context.update(
        params=params,
        result=result,
        promoted=promoted if params.page == 1 else [],
        facets_html=result.html["facets"],
        hits_html=result.html["hits"],
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
    titles, _on_engine = backends.call("suggestions", q)
    return JsonResponse([item["title"] for item in titles], safe=False, json_dumps_params={"ensure_ascii": False})
