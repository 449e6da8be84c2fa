"""Editors' search promotions for this exact query (Wagtail's search_promotions), shown above the results."""

from modelsearch.utils import normalise_query_string

from core import content_version


def promoted_queries():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    return frozenset(SearchPromotion.objects.values_list("query__query_string", flat=True).distinct())


def promotions(params):
    """[{id, title, url, description}]: live pages and external links, in the editors' order.

    The set of promoted query strings is cached (core/content_version.py): only a query that has
    promotions costs a database query, which keeps the pages' live state and URLs fresh.
    """
    if not params.q:
        return []
    query_string = normalise_query_string(params.q)
    if query_string not in content_version.cached("promoted_queries", promoted_queries):
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
