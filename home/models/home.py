import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import prefetch_related_objects
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from core import content_version, page_sections
from core.blocks import KeyFiguresBlock
from core.models import BasePage


class HomePage(BasePage):
    hero_title = models.CharField("Titre d'accroche", max_length=160, default="2 000 ressources en 1 clic")
    hero_text = models.TextField("Texte d'accroche", blank=True)
    key_figures = StreamField(
        [("key_figures", KeyFiguresBlock())],
        verbose_name="Chiffres clés",
        blank=True,
        max_num=1,
    )
    key_figures_intro = StreamField(
        [("text", blocks.RichTextBlock(label="Texte", features=["bold", "italic", "link"]))],
        verbose_name="Texte sous les chiffres clés",
        blank=True,
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading="Accroche"),
        InlinePanel("featured_kits", heading="Kits à la une", label="kit", max_num=6),
        FieldPanel("key_figures"),
        FieldPanel("key_figures_intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "publications.ResourceIndexPage",
        "publications.ThemeIndexPage",
        "bonnes_pratiques.BonnePratiqueIndexPage",
        "home.ActualiteIndexPage",
        "home.InformationPage",
        "home.SiteMapPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "Page d'accueil"

    def route(self, request, path_components):
        """A page two levels down or more (a resource: /ressources/<slug>/) is found by its URL path
        on the slug index, kept in the page memo, then read as its specific type: one query
        instead of two per level. The page's own route() still runs (liveness, routable pages).
        Paths that name no page (theme pages, sub-routes of a routable page) take Wagtail's
        level-by-level walk, so an intermediate page overriding route() would need that walk too."""
        if len(path_components) > 1:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            key = f"page-at:{hashlib.sha1(url_path.encode()).hexdigest()}"  # a visitor's URL: any length
            found = content_version.memo(key, lambda: page_at(url_path, path_components[-1]), keep_none=False)
            if found is not None:
                model = ContentType.objects.get_for_id(found[0]).model_class()
                pages = model._base_manager.filter(pk=found[1]) if model else None
                if pages is not None and any(field.name == "cover_image" for field in model._meta.fields):
                    pages = pages.select_related("cover_image")  # the page shows it: no second query
                page = pages.first() if pages is not None else None
                if page is not None:
                    return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from publications.models.taxonomy import themes_in_use
        from publications.stats import most_downloaded

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # the draft's own featured kits
            context.update(self.cards())
        else:
            context.update(content_version.memo(f"home-cards:{self.pk}", self.cards))
        context["themes"] = themes_in_use()
        context["most_downloaded"] = most_downloaded(limit=6, months=12)
        context["sections"] = page_sections.sections("home", request)  # e.g. programmes' open calls
        return context

    def cards(self):
        """{"featured_kits": [...], "latest_resources": [...]}: the cards from the content alone."""
        from publications.models import KitPage, ResourcePage
        from publications.models.resource import card_prefetch, with_card_images

        featured = [item.kit for item in self.featured_kits.select_related("kit__cover_image") if item.kit.live]
        if not featured:
            featured = list(
                KitPage.objects.live().public().select_related("cover_image").order_by("-publication_date")[:3]
            )
        latest = list(ResourcePage.objects.cards(prefetch=False).order_by("-publication_date", "-pk")[:6])
        # The cards list their themes: one query for both lists, not one per kit.
        prefetch_related_objects([*featured, *latest], *card_prefetch())
        return {"featured_kits": with_card_images(featured), "latest_resources": with_card_images(latest)}


def page_at(url_path, slug):
    """(content type id, page id) of the page at url_path, or None. Plain SQL: on every page
    computed afresh, building the ORM query cost more than running it (docs/benchmarks.md, issue 14)."""
    table = connection.ops.quote_name(Page._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content_type_id, id FROM {table} WHERE slug = %s AND url_path = %s ORDER BY path LIMIT 1",
            [slug, url_path],
        )
        row = cursor.fetchone()
    return tuple(row) if row else None


class HomeFeaturedKit(Orderable):
    page = ParentalKey(HomePage, related_name="featured_kits", on_delete=models.CASCADE)
    kit = models.ForeignKey("publications.KitPage", verbose_name="Kit", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("kit")]

    class Meta(Orderable.Meta):
        verbose_name = "Kit à la une"
