"""Per-request set-up shared by every page."""

from django.http import Http404, QueryDict
from django.http.request import split_domain_port
from wagtail.models import Site

from . import content_version


class ContentVersionMiddleware:
    """Reads the content version once a request (core/content_version.py), which every per-process cache
    of pages and search is kept under (a search answered from them reads nothing else), and finds
    the Wagtail site from the memo: Wagtail's own lookup is an ORM query with a CASE ordering,
    3.6 ms a request on this hub's 2-core machine. Sites bump the version when saved or deleted.

    After CommonMiddleware: hosts outside ALLOWED_HOSTS are refused before they reach the memo.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_version.validate()
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        # Wagtail's Site.find_for_request() reads this attribute first.
        request._wagtail_site = content_version.memo(
            f"site:{hostname}:{port}", lambda: find_site(request), switchable=False
        )
        return self.get_response(request)


def find_site(request):
    """Wagtail's site for the request, with its home page loaded as the specific type, which
    routing asks for next (one more query): it is kept with the site."""
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - a cached property, kept with the site
    return site


class NulCharacterMiddleware:
    """NUL (U+0000, sent as %00) never reaches a view: dropped from the parameters (ignored, as
    the search already did), and a path that holds one is a 404 (no page has such an address).

    PostgreSQL refuses NUL in text (DataError: a 500), and the path and the parameters reach the
    database in many places (slugs, filters, tokens, Wagtail's redirects and API filters).
    First in line, before anything reads the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("Page introuvable")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
