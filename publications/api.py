"""The public Wagtail API v2, mounted at /api/v2/ (pages, documents, images).

The resource fields it exposes are declared by `api_fields` on the resource
models, and what those fields read by their `api_queryset()`: listings prefetch it,
so their query count does not grow with the page size. Private documents (publications.privacy) are never listed.
"""

import re

from django.conf import settings
from django.db import DatabaseError, transaction
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .models import ResourcePage
from .privacy import current


class HubPagination(WagtailPagination):
    """Wagtail's `offset` and `limit`, with French messages, and an offset past every row read as
    an empty page: PostgreSQL refused one past 2⁶³ (`bigint out of range`, a 500)."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        offset = _natural(request.GET.get("offset", "0"), "offset")
        limit = _natural(request.GET.get("limit", str(min(20, limit_max or 20))), "limit")
        if limit_max and limit > limit_max:
            raise BadRequestError(f"« limit » vaut au plus {limit_max}.")
        self.view = view
        self.total_count = queryset.count()
        if offset >= self.total_count:
            return []
        return queryset[offset : offset + limit]


def _natural(value, name):
    if not re.fullmatch(r"[0-9]{1,30}", value):  # ASCII digits only: int() also reads "١٢"
        raise BadRequestError(f"« {name} » est un nombre entier positif.")
    return int(value)


class CheckedSearchFilter(SearchFilter):
    """Wagtail's `?search=`, where a query the database cannot run is a 400, not a 500.

    SQLite's full-text syntax refuses some strings (`a"b`, a lone `"`) that Wagtail passes through.
    The count runs here (SearchResults keeps it, the paginator reads it), inside a savepoint so
    that PostgreSQL's transaction stays usable.
    """

    def filter_queryset(self, request, queryset, view):
        # The search backend raises ValueError on any other operator: a 500 for `?search_operator=0`.
        if "search" in request.GET and request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("« search_operator » vaut « and » ou « or ».")
        if "search" in request.GET and not request.GET["search"].strip():
            return queryset  # blank: the listing unsearched (the SQLite backend compiled it to None: a 500)
        results = super().filter_queryset(request, queryset, view)
        if "search" in request.GET:
            try:
                with transaction.atomic():
                    results.count()
            except DatabaseError:
                raise BadRequestError(
                    "Recherche impossible : retirez les guillemets ou les caractères spéciaux de « search »."
                ) from None
        return results


def with_checked_search(filter_backends):
    return [CheckedSearchFilter if backend is SearchFilter else backend for backend in filter_backends]


class HubPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages only (Wagtail's default); resource listings are prefetched."""

    pagination_class = HubPagination
    filter_backends = with_checked_search(PagesAPIViewSet.filter_backends)

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, ResourcePage):
            queryset = queryset.model.api_queryset(queryset)
        return queryset


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Public documents only: none in a restricted collection, none used by restricted pages only.

    Wagtail's own viewset hides restricted collections only from visitors who
    fail the restriction; this public endpoint hides private documents from everyone.
    """

    pagination_class = HubPagination
    filter_backends = with_checked_search(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        queryset = super().get_queryset()
        privacy = current(self.request)
        if privacy.restricted_collections:
            queryset = queryset.exclude(collection_id__in=privacy.restricted_collections)
        if privacy.page_uses:
            queryset = queryset.exclude(pk__in=list(privacy.page_uses))
        return queryset


class HubImagesAPIViewSet(ImagesAPIViewSet):
    pagination_class = HubPagination
    filter_backends = with_checked_search(ImagesAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", HubPagesAPIViewSet)
api_router.register_endpoint("images", HubImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
