"""The site's information pages: the DSFR footer's mandatory links (mentions légales, données
personnelles, accessibilité) and the site map."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from core.models import BasePage


class InformationPage(BasePage):
    """A plain page of text under the home page (legal notices, privacy, accessibility)."""

    intro = models.TextField("Introduction", blank=True)
    body = RichTextField("Contenu", features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "Page d'information"

    def get_meta_description(self):
        return self.search_description or self.intro[:200]


class SiteMapPage(BasePage):
    """ "Plan du site": the home page's sections and their pages, read from the page tree."""

    intro = models.TextField("Introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Plan du site"

    # Sections whose pages are listed one by one (at most this many); resources (thousands) are
    # reached from their section and the themes.
    LISTED_SECTIONS = ("bonnes-pratiques", "actualites")
    MAX_LISTED = 50

    def get_context(self, request, *args, **kwargs):
        from publications.models import Theme

        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        sections = []
        for section in home.get_children().live().public().exclude(pk=self.pk):
            links = []
            if section.slug == "thematiques":
                base = section.get_url(request)
                links = [(f"{base}{theme.slug}/", theme.name) for theme in Theme.objects.with_counts().order_by("name")]
            elif section.slug in self.LISTED_SECTIONS:
                children = section.get_children().live().public().only("title", "url_path")[: self.MAX_LISTED]
                links = [(child.get_url(request), child.title) for child in children]
            sections.append((section, links))
        context["home"] = home
        context["sections"] = sections
        return context
