from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.text import Truncator
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction


class HubPageQuerySet(PageQuerySet):
    def public(self):
        """Pages outside every private section, as Wagtail's public(), checked by the database:
        Wagtail's reads every view restriction into Python first, one more query each call
        (two or three on a resource page)."""
        restricted_section = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return self.exclude(Exists(restricted_section))


HubPageManager = PageManager.from_queryset(HubPageQuerySet)


class BasePage(Page):
    """Behaviour shared by every page of the hub: meta description and breadcrumbs."""

    objects = HubPageManager()

    class Meta:
        abstract = True

    def get_meta_description(self):
        text = self.search_description or getattr(self, "summary", "") or ""
        return Truncator(text).chars(200)

    def breadcrumbs(self):
        """Ancestors below the site root, for the DSFR breadcrumb (read once per page object:
        the base template tests it, then the breadcrumb lists it). The same for every page of
        a section: kept per parent under the content version (search/cache.py)."""
        from search import cache

        if not hasattr(self, "_breadcrumbs"):
            parent_path = self.path[: -self.steplen] if self.path else None
            load = self._ancestors_below_root
            self._breadcrumbs = cache.memo(f"ancestors:{parent_path}", load) if parent_path else load()
        return self._breadcrumbs

    def _ancestors_below_root(self):
        return list(self.get_ancestors().filter(depth__gt=2).only("title", "url_path"))
