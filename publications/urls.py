"""Distribution routes: feeds, sitemap, robots.txt and webconference .ics.

Included at the site root by hub/urls.py, before Wagtail's catch-all. The API
lives at /api/v2/ (publications.api.api_router), apart from /api/recherche/.
"""

from django.urls import path, re_path
from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .feeds import feed_views

feeds = feed_views()

urlpatterns = [
    path("flux/ressources/rss.xml", feeds["all_rss"], name="feed_rss"),
    path("flux/ressources/atom.xml", feeds["all_atom"], name="feed_atom"),
    # [^/]+ rather than <slug:> so an odd or over-long slug still reaches the view and gets its 404.
    re_path(r"^flux/thematiques/(?P<slug>[^/]+)/rss\.xml$", feeds["theme_rss"], name="feed_theme_rss"),
    re_path(r"^flux/thematiques/(?P<slug>[^/]+)/atom\.xml$", feeds["theme_atom"], name="feed_theme_atom"),
    re_path(r"^flux/types/(?P<slug>[^/]+)/rss\.xml$", feeds["kind_rss"], name="feed_kind_rss"),
    re_path(r"^flux/types/(?P<slug>[^/]+)/atom\.xml$", feeds["kind_atom"], name="feed_kind_atom"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("webconferences/<int:page_id>.ics", views.webconference_calendar, name="webconference_ics"),
]
