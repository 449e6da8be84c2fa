from django.db.models import Q
from django.utils.text import Truncator
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction

from core import content_version


class HubPageQuerySet(PageQuerySet):
    def public(self):
        """Pages outside every private section, as Wagtail's public(), which reads every view
        restriction first: one more query each call, two or three on a resource page. Here the
        private sections' paths are kept under the content version (core/content_version.py), which
        every restriction saved or deleted moves; with none, the query is left as it is."""
        private_paths = private_sections()
        if not private_paths:
            return self
        inside = Q()
        for path in private_paths:
            inside |= Q(path__startswith=path)
        return self.exclude(inside)


def private_section_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def private_sections():
    """The paths of the pages under a view restriction, kept under the content version."""
    return content_version.memo("private-sections", private_section_paths, switchable=False)


HubPageManager = PageManager.from_queryset(HubPageQuerySet)


class BasePage(Page):
    """Behaviour shared by every page of the hub: meta description and breadcrumbs."""

    objects = HubPageManager()

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail reads the page's ancestors and their restrictions on every page served (two
        queries); with no private section anywhere, there is nothing to find."""
        if not private_sections():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_meta_description(self):
        text = self.search_description or getattr(self, "summary", "") or ""
        return Truncator(text).chars(200)

    def breadcrumbs(self):
        """Ancestors below the site root, for the DSFR breadcrumb (read once per page object:
        the base template tests it, then the breadcrumb lists it). The same for every page of
        a section: kept per parent under the content version (core/content_version.py)."""
        if not hasattr(self, "_breadcrumbs"):
            parent_path = self.path[: -self.steplen] if self.path else None
            load = self._ancestors_below_root
            self._breadcrumbs = content_version.memo(f"ancestors:{parent_path}", load) if parent_path else load()
        return self._breadcrumbs

    def _ancestors_below_root(self):
        if self.depth is not None and self.depth <= 3:  # the home page and its children: none (no query)
            return []
        return list(self.get_ancestors().filter(depth__gt=2).only("title", "url_path"))
