import datetime

from django.db import connection, models
from django.utils.functional import cached_property, classproperty
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from core import content_version
from core.blocks import BodyBlock
from core.models import BasePage
from core.models.base import HubPageQuerySet, private_sections

from ..resource_types import kind_choices
from ..serializers import ResourceDocumentsField, TagListField
from .taxonomy import SECTOR_CHOICES, ResourceAudience, ResourceTheme


def in_sort_order(rows):
    """Orderable rows in editor order; rows added in code without a sort_order come last,
    in creation order, on every database (PostgreSQL and SQLite place NULLs differently).
    Sorted in Python so it also works on unsaved (preview) pages."""
    return sorted(rows, key=lambda row: (row.sort_order is None, row.sort_order or 0, row.pk or 0))


CARD_IMAGE_FILTER = "fill-400x210"


def with_card_images(pages):
    """Resolve the card image of each page now, before the pages are kept in the page memo."""
    for page in pages:
        page.card_image  # noqa: B018 - a cached property
    return pages


def tag_rows(name):
    """Prefetch a page's theme or audience rows ("theme_items", "audience_items") with their tags.

    Faster than prefetching the tag managers ("themes"): taggit builds one queryset
    per page to prefetch them. Read back through `ResourcePage.theme_tags` / `audience_tags`.
    """
    through = ResourceTheme if name == "theme_items" else ResourceAudience
    return models.Prefetch(name, queryset=through.objects.select_related("tag").order_by("tag__name", "pk"))


def card_prefetch():
    """What a card reads besides its columns: its themes, its cover's renditions."""
    return (tag_rows("theme_items"), "cover_image__renditions")


class ResourceQuerySet(HubPageQuerySet):
    def cards(self, prefetch=True):
        """Live public resources with what a result card shows, in few queries.
        prefetch=False: the caller prefetches card_prefetch() over several lists at once."""
        cards = self.live().public().select_related("cover_image")
        if prefetch:
            cards = cards.prefetch_related(*card_prefetch())
        return cards.only(
            "title",
            "url_path",
            "slug",
            "summary",
            "kind",
            "sector",
            "publication_date",
            "cover_image",
            "path",
            "depth",
        )


ResourceManager = PageManager.from_queryset(ResourceQuerySet)


FALLBACK_PDF_CHARS = 20_000  # of a page's PDF text in the database search index


class ResourcePage(BasePage):
    """Fields and behaviour shared by every kind of resource.

    A concrete (multi-table) parent so listings, theme pages, facets and the
    search index query all resource types at once. `kind` denormalises the
    type so those queries never need the specific subclass. A subclass that sets
    `kind_key` is a resource type (publications/resource_types.py).
    """

    kind_key = None  # set by each concrete type
    kit_role = "autre"  # its KitComponent role when a catalogue lists it in a kit

    @classproperty
    def KIND_CHOICES(cls):  # noqa: N802 - read like the constant it replaces
        return kind_choices()

    summary = models.TextField("Chapô", help_text="Une ou deux phrases qui résument la ressource.")
    body = StreamField(BodyBlock(), verbose_name="Contenu", blank=True)
    publication_date = models.DateField("Date de publication", default=datetime.date.today, db_index=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image de couverture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sector = models.CharField("Secteur", max_length=20, choices=SECTOR_CHOICES, default="transversal", db_index=True)
    kind = models.CharField("Type de ressource", max_length=20, choices=kind_choices, editable=False, db_index=True)
    themes = ClusterTaggableManager(through=ResourceTheme, verbose_name="Thèmes", blank=True, related_name="+")
    audiences = ClusterTaggableManager(
        through=ResourceAudience, verbose_name="Publics cibles", blank=True, related_name="+"
    )

    objects = ResourceManager()

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("publication_date"), FieldPanel("cover_image")],
            heading="Publication",
        ),
        FieldPanel("body"),
        InlinePanel("documents", heading="Documents téléchargeables", label="document"),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("audiences"), FieldPanel("sector")],
            heading="Classement",
        ),
        InlinePanel("related_links", heading="Ressources liées (choisies)", label="ressource liée"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("public_pdf_text"),
        index.FilterField("kind"),
        index.FilterField("sector"),
        index.FilterField("publication_date"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("audiences", [index.SearchField("name")]),
    ]

    # Wagtail API v2 (/api/v2/pages/?type=publications.PublicationPage&fields=...).
    # publications.api.ResourcePagesAPIViewSet prefetches what these read.
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("publication_date"),
        APIField("sector"),
        APIField("themes", serializer=TagListField()),
        APIField("audiences", serializer=TagListField()),
        APIField("documents", serializer=ResourceDocumentsField()),
        APIField("cover_image", serializer=ImageRenditionField("fill-1200x630")),
    ]

    is_creatable = False
    parent_page_types = []
    subpage_types = []

    @classmethod
    def api_queryset(cls, queryset):
        """`queryset` with what this type's `api_fields` read, for an API listing (publications/api.py)."""
        return queryset.select_related("cover_image").prefetch_related(
            "themes",
            "audiences",
            "cover_image__renditions",
            models.Prefetch("documents", queryset=ResourceDocument.objects.select_related("document")),
        )

    @classmethod
    def card_statuses(cls, ids):
        """{page id: resource_types.CardStatus} for the cards of these pages of this type: none by
        default. A type whose status changes with time overrides it, in one query for all the ids."""
        return {}

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"

    def save(self, *args, **kwargs):
        if self.kind_key:
            self.kind = self.kind_key
        super().save(*args, **kwargs)

    @property
    def kind_label(self):
        return self.get_kind_display()

    def _tags(self, rows, manager):
        if rows in getattr(self, "_prefetched_objects_cache", {}):  # loaded with tag_rows()
            return [row.tag for row in getattr(self, rows).all()]
        return list(getattr(self, manager).all())

    @property
    def theme_tags(self):
        """The themes, by name: from the rows a listing prefetched with tag_rows(), else from the manager."""
        return self._tags("theme_items", "themes")

    @property
    def audience_tags(self):
        return self._tags("audience_items", "audiences")

    @cached_property
    def card_image(self):
        """The cover rendition a card shows, resolved once per page object, and kept with it in
        the page memo (with_card_images): Wagtail's {% image %} stores the rendition in its cache
        again on every call, about 0.4 ms a card."""
        if not self.cover_image_id:
            return None
        return get_rendition_or_not_found(self.cover_image, CARD_IMAGE_FILTER)

    def public_pdf_text(self):
        """The text of the page's PDFs anyone may read, for Wagtail's database search index (the
        fallback): a private document's text never goes in (publications.privacy). Computed afresh
        inside a transaction, which may be the one changing what is private; else the current one
        (a bulk reindex)."""
        from django.db import connection

        from core.pdftext import texts_for

        from ..privacy import Privacy, current

        documents = [link.document for link in self.documents.select_related("document") if link.document_id]
        if not documents:
            return ""
        privacy = Privacy.compute() if connection.in_atomic_block else current()
        documents = [document for document in documents if privacy.is_public(document)]
        texts = texts_for(documents)
        return " ".join(texts.get(document.pk, "") for document in documents)[:FALLBACK_PDF_CHARS]

    @cached_property
    def ordered_documents(self):
        return in_sort_order(item for item in self.documents.select_related("document") if item.document_id)

    def documents_offered_elsewhere(self):
        """Ids of the documents the page already offers outside its download list: in a body
        "document" block (subclasses add their own fields, the slides or the tool's file)."""
        return {
            block.value["document"].pk
            for block in self.body
            if block.block_type == "document" and block.value.get("document") is not None
        }

    @cached_property
    def listed_documents(self):
        """The "Télécharger" list: one download per document, so not those offered above it."""
        offered = self.documents_offered_elsewhere()
        return [item for item in self.ordered_documents if item.document_id not in offered]

    def kits(self):
        """Live kits this resource belongs to ("Fait partie du kit …")."""
        from .types import KitPage

        return KitPage.objects.live().public().filter(components__page=self).distinct().only("title", "url_path")

    def related_resources(self, limit=4):
        """Hand-picked links first, then live resources sharing the most themes (the most recent first)."""
        chosen = [
            link.resource
            for link in self.related_links.select_related("resource")
            if link.resource.live and link.resource_id != self.pk
        ]
        remaining = limit - len(chosen)
        if remaining > 0:
            theme_ids = [theme.pk for theme in self.theme_tags]
            if theme_ids:
                excluded = [self.pk, *(page.pk for page in chosen)]
                chosen.extend(resources_sharing_themes(theme_ids, excluded, remaining))
        return chosen[:limit]

    def prefetch_tags(self):
        """Load themes and audiences once: the page, its meta tags and its JSON-LD all list them.
        Not on a preview, whose tags live in memory and may differ from the database."""
        if self.pk and not (self.theme_items.is_deferring or self.audience_items.is_deferring):
            models.prefetch_related_objects([self], tag_rows("theme_items"), tag_rows("audience_items"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.prefetch_tags()
        # The live kits listing this page: their published components, the same in a preview.
        context["kits"] = content_version.memo(f"kits:{self.pk}", lambda: list(self.kits())) if self.pk else self.kits()
        if getattr(request, "is_preview", False):  # the draft's own links and themes
            context["related"] = self.related_resources()
        else:
            context["related"] = content_version.memo(
                f"related:{self.pk}", lambda: with_card_images(self.related_resources())
            )
        return context


# Below this many (resource, theme) rows, resources sharing one theme are read from the theme;
# above, in publication date order, where the most recent ones soon come.
FEW_TAGGED = 200


def resources_sharing_themes(theme_ids, excluded, limit):
    """At most `limit` live public resources, as cards, sharing the most themes with `theme_ids`,
    the most recent first (ties: the lowest id first), leaving out the `excluded` ids.

    Counting shared themes for every resource of these themes joins thousands of rows at 20,000
    resources. Instead: the few resources sharing two themes or more are picked on the
    (theme, resource) index alone, then counted one by one; if they are not enough, the others
    share one theme, so only their date matters.

    The ids are chosen in plain SQL (the same on SQLite and PostgreSQL): building these
    subqueries with the ORM cost more than running them, on every resource page computed afresh
    (docs/benchmarks.md, issue 14). Then the cards are read in one query.
    """
    quote = connection.ops.quote_name
    themes, pages, resources = (quote(model._meta.db_table) for model in (ResourceTheme, Page, ResourcePage))

    def marks(values):
        return ", ".join(["%s"] * len(values))

    def tagged(alias):
        return f"{alias}.tag_id IN ({marks(theme_ids)}) AND {alias}.content_object_id NOT IN ({marks(excluded)})"

    tagged_params = [*theme_ids, *excluded]
    # Live and public: outside every private section (HubPageQuerySet.public).
    private = private_sections()
    shown = "p.live" + "".join(" AND p.path NOT LIKE %s" for _ in private)
    shown_params = [f"{path}%" for path in private]
    base = f"SELECT r.page_ptr_id FROM {resources} r INNER JOIN {pages} p ON p.id = r.page_ptr_id"
    ids = []
    with connection.cursor() as cursor:
        if len(theme_ids) > 1:
            cursor.execute(
                f"{base} INNER JOIN (SELECT t.content_object_id, COUNT(*) AS n FROM {themes} t WHERE {tagged('t')}"
                " GROUP BY t.content_object_id HAVING COUNT(*) > 1) s ON s.content_object_id = r.page_ptr_id"
                f" WHERE {shown} ORDER BY s.n DESC, r.publication_date DESC, r.page_ptr_id LIMIT %s",
                [*tagged_params, *shown_params, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) < limit:
            cursor.execute(f"SELECT COUNT(*) FROM {themes} t WHERE {tagged('t')}", tagged_params)
            if cursor.fetchone()[0] > FEW_TAGGED:  # many: in date order, soon found
                one = f"EXISTS (SELECT 1 FROM {themes} t WHERE t.content_object_id = r.page_ptr_id AND {tagged('t')})"
            else:  # rare: read from the theme
                one = f"r.page_ptr_id IN (SELECT t.content_object_id FROM {themes} t WHERE {tagged('t')})"
            not_found = f" AND r.page_ptr_id NOT IN ({marks(ids)})" if ids else ""
            cursor.execute(
                f"{base} WHERE {shown} AND {one}{not_found} ORDER BY r.publication_date DESC, r.page_ptr_id LIMIT %s",
                [*shown_params, *tagged_params, *ids, limit - len(ids)],
            )
            ids += [row[0] for row in cursor.fetchall()]
    if not ids:
        return []
    by_id = {page.pk: page for page in ResourcePage.objects.cards().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


class ResourceDocument(Orderable):
    """A downloadable document attached to a resource."""

    page = ParentalKey(ResourcePage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "publications.HubDocument", verbose_name="Document", on_delete=models.CASCADE, related_name="resource_links"
    )
    label = models.CharField("Libellé", max_length=200, blank=True, help_text="Par défaut, le titre du document.")

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "document téléchargeable"
        verbose_name_plural = "documents téléchargeables"

    @property
    def display_label(self):
        return self.label or self.document.title


class RelatedResource(Orderable):
    page = ParentalKey(ResourcePage, related_name="related_links", on_delete=models.CASCADE)
    resource = models.ForeignKey(ResourcePage, verbose_name="Ressource", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = "ressource liée"
        verbose_name_plural = "ressources liées"
