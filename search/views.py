from django.core.paginator import Paginator
from django.shortcuts import render

from publications.models import ResourcePage

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    resources = ResourcePage.objects.cards()
    if query:
        results = resources.search(query)
    else:
        results = resources.order_by("-publication_date", "-pk")
    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj})
