from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from publications.api import api_router
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", search_views.search, name="search"),
    path("api/recherche/", search_views.api_search, name="api_search"),
    path("api/recherche/suggestions/", search_views.api_suggestions, name="api_search_suggestions"),
    path("bonnes-pratiques/", include("bonnes_pratiques.urls")),
    path("appuis-terrain/candidature/", include("programmes.urls")),
    path("alertes/", include("alerts.urls")),
    path("api/v2/", api_router.urls),
    path("", include("publications.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Local media under runserver, DEBUG on or off (django.conf.urls.static.static() needs DEBUG).
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
