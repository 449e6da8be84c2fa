from django.utils.text import Truncator
from wagtail.models import Page


class BasePage(Page):
    """Behaviour shared by every page of the hub: meta description and breadcrumbs."""

    class Meta:
        abstract = True

    def get_meta_description(self):
        text = self.search_description or getattr(self, "summary", "") or ""
        return Truncator(text).chars(200)

    def breadcrumbs(self):
        """Ancestors below the site root, for the DSFR breadcrumb (read once per page object:
        the base template tests it, then the breadcrumb lists it)."""
        if not hasattr(self, "_breadcrumbs"):
            self._breadcrumbs = list(self.get_ancestors().filter(depth__gt=2).only("title", "url_path"))
        return self._breadcrumbs
