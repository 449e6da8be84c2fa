"""RSS 2.0 and Atom feeds of the latest resources: all, per theme, per type.

URLs (publications/urls.py): /flux/ressources/{rss,atom}.xml,
/flux/thematiques/<slug>/{rss,atom}.xml and /flux/types/<type>/{rss,atom}.xml,
where <type> is a resource kind with hyphens ("fiche-pratique").
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.addresses import absolute_url

from .models import ResourcePage, Theme
from .resource_types import kind_choices

FEED_SIZE = 50
MAX_SLUG_LENGTH = 100


def kind_slug(kind):
    return kind.replace("_", "-")


def kind_by_slug():
    return {kind_slug(key): (key, label) for key, label in kind_choices()}


@dataclass
class FeedScope:
    request: HttpRequest
    title: str
    description: str
    link: str
    theme: Theme | None = None
    kind: str = ""


class ResourceRssFeed(Feed):
    """Newest resources first; the scope (all, theme or type) comes from the URL."""

    feed_type = Rss201rev2Feed
    scope = "all"  # "all", "theme" or "kind"
    language = "fr"

    def get_object(self, request, slug=None):
        site_name = getattr(settings, "WAGTAIL_SITE_NAME", "Anap")
        if self.scope == "theme":
            if not slug or len(slug) > MAX_SLUG_LENGTH:
                raise Http404("Thème inconnu")
            theme = Theme.objects.filter(slug=slug).first()
            if theme is None:
                raise Http404("Thème inconnu")
            return FeedScope(
                request,
                f"{theme.name} — {site_name}",
                f"Les dernières ressources de l'Anap sur le thème {theme.name}.",
                f"/thematiques/{theme.slug}/",
                theme=theme,
            )
        if self.scope == "kind":
            kinds = kind_by_slug()
            if not slug or slug not in kinds:
                raise Http404("Type de ressource inconnu")
            kind, label = kinds[slug]
            return FeedScope(
                request,
                f"{label} — {site_name}",
                f"Les dernières ressources de l'Anap de type {label.lower()}.",
                f"/ressources/?type={kind}",
                kind=kind,
            )
        return FeedScope(request, site_name, "Les dernières ressources publiées par l'Anap.", "/ressources/")

    def title(self, obj):
        return obj.title

    def description(self, obj):
        return obj.description

    subtitle = description  # Atom

    # Absolute from BASE_URL: Django's Feed would otherwise prefix the request's host.
    def link(self, obj):
        return absolute_url(obj.link)

    def feed_url(self, obj):
        return absolute_url(obj.request.path)

    def items(self, obj):
        resources = ResourcePage.objects.cards().order_by("-publication_date", "-pk")
        if obj.theme is not None:
            resources = resources.filter(theme_items__tag=obj.theme)
        if obj.kind:
            resources = resources.filter(kind=obj.kind)
        items = list(resources[:FEED_SIZE])
        for page in items:
            # Resolved here, with the request, so the site root paths are read once.
            page.feed_link = absolute_url(page.get_url(obj.request))
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.feed_link

    def item_guid(self, item):
        return item.feed_link

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.publication_date, datetime.time(), tzinfo=timezone.get_current_timezone())

    def item_categories(self, item):
        return [theme.name for theme in item.theme_tags]


class ResourceAtomFeed(ResourceRssFeed):
    feed_type = Atom1Feed


def feed_views():
    """(name suffix, view) pairs for publications/urls.py."""
    views = {}
    for scope in ("all", "theme", "kind"):
        views[f"{scope}_rss"] = type(f"{scope.title()}RssFeed", (ResourceRssFeed,), {"scope": scope})()
        views[f"{scope}_atom"] = type(f"{scope.title()}AtomFeed", (ResourceAtomFeed,), {"scope": scope})()
    return views


def theme_feed_url(theme):
    return reverse("feed_theme_rss", args=[theme.slug])
