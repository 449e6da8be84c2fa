import hashlib

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Max, Q
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core import content_version
from core.models import BasePage

from ..resource_types import kind_choices, kind_labels, resource_types
from .resource import ResourcePage, tag_rows
from .taxonomy import SECTOR_CHOICES, Theme, themes_in_use

PAGE_SIZE = 20
KITS_ON_THEME_PAGE = 6


class CountedPaginator(Paginator):
    """A paginator told its count, so it does not count again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def paginate(request, queryset, count_key=None):
    """The requested page of queryset. With count_key, the count (a scan of every live resource,
    about 20 ms at 20,000) is kept in the page memo, exact under the content version."""
    if count_key is None:
        paginator = Paginator(queryset, PAGE_SIZE)
    else:
        paginator = CountedPaginator(queryset, PAGE_SIZE, content_version.memo(f"count:{count_key}", queryset.count))
    return paginator.get_page(request.GET.get("page"))


def count_key(name, selected):
    """The memo key of a filtered listing's count; None (not kept) for a theme no resource has,
    so made-up URLs cannot fill the memo."""
    if selected.get("theme") and selected["theme"] not in {theme.slug for theme in themes_in_use()}:
        return None
    return f"{name}:{hashlib.sha1(repr(sorted(selected.items())).encode()).hexdigest()}"


class ResourceIndexPage(BasePage):
    """The resource centre: every resource, newest first, filterable by type, theme and sector."""

    intro = models.TextField("Introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = "Centre de ressources"

    @classmethod
    def clean_subpage_models(cls):
        """The resource types; those whose `parent_page_types` name this page may be created under it."""
        return list(resource_types())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources = ResourcePage.objects.cards().order_by("-publication_date", "-pk")
        kinds = kind_labels()
        sectors = dict(SECTOR_CHOICES)
        selected = {
            "type": request.GET.get("type") if request.GET.get("type") in kinds else "",
            "secteur": request.GET.get("secteur") if request.GET.get("secteur") in sectors else "",
            "theme": request.GET.get("theme", "")[:100],
        }
        if selected["type"]:
            resources = resources.filter(kind=selected["type"])
        if selected["secteur"]:
            resources = resources.filter(sector=selected["secteur"])
        if selected["theme"]:
            resources = resources.filter(theme_items__tag__slug=selected["theme"])
        context.update(
            page_obj=paginate(request, resources, count_key("resources", selected)),
            selected=selected,
            kind_choices=kind_choices(),
            sector_choices=SECTOR_CHOICES,
            themes=Theme.objects.order_by("name"),
            is_filtered=any(selected.values()),
        )
        return context


class ThemeIndexPage(RoutablePageMixin, BasePage):
    """Lists the themes, and serves one page per theme at /thematiques/<slug>/."""

    intro = models.TextField("Introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Index des thématiques"

    @path("")
    def theme_list(self, request):
        return self.render(request, context_overrides={"themes": Theme.objects.with_counts()})

    @path("<slug:slug>/")
    def theme_detail(self, request, slug):
        from .types import KitPage

        theme = get_object_or_404(Theme, slug=slug)
        # The latest kits only, then a link to all of them in the filtered listing: a theme may
        # have hundreds, which would push its resources far down the page.
        kits = list(
            KitPage.objects.live()
            .public()
            .filter(theme_items__tag=theme)
            .select_related("cover_image")
            .prefetch_related(tag_rows("theme_items"), "cover_image__renditions")
            .order_by("-publication_date", "-pk")[: KITS_ON_THEME_PAGE + 1]
        )
        resources = (
            ResourcePage.objects.cards()
            .filter(theme_items__tag=theme)
            .exclude(kind="kit")
            .order_by("-publication_date", "-pk")
        )
        page_obj = paginate(request, resources, f"theme:{theme.pk}")
        return self.render(
            request,
            template="publications/theme_page.html",
            context_overrides={
                "theme": theme,
                "kits": kits[:KITS_ON_THEME_PAGE],
                "more_kits": len(kits) > KITS_ON_THEME_PAGE,
                "page_obj": page_obj,
            },
        )

    def get_sitemap_urls(self, request=None):
        """The theme list, plus one URL per theme with live resources (lastmod: its latest publication)."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        live = Q(tagged_resources__content_object__live=True)
        themes = Theme.objects.with_counts().annotate(
            lastmod=Max("tagged_resources__content_object__last_published_at", filter=live)
        )
        for theme in themes:
            urls.append(
                {
                    "location": base + self.reverse_subpage("theme_detail", args=[theme.slug]),
                    "lastmod": theme.lastmod or self.last_published_at,
                }
            )
        return urls

    def theme_url(self, theme):
        return self.url + self.reverse_subpage("theme_detail", args=[theme.slug])
