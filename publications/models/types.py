"""The concrete resource types editors create."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable

from core.blocks.media import embed_url, is_demo_video

from ..serializers import DocumentField, KitComponentsField
from .resource import ResourcePage, in_sort_order

RESOURCE_PARENTS = ["publications.ResourceIndexPage"]


class PublicationPage(ResourcePage):
    kind_key = "publication"
    kit_role = "synthese"
    parent_page_types = RESOURCE_PARENTS

    class Meta:
        verbose_name = "Publication"


class FichePratiquePage(ResourcePage):
    kind_key = "fiche_pratique"
    kit_role = "fiche"
    parent_page_types = RESOURCE_PARENTS

    class Meta:
        verbose_name = "Fiche pratique"


class FlyerPage(ResourcePage):
    kind_key = "flyer"
    kit_role = "flyer"
    parent_page_types = RESOURCE_PARENTS

    class Meta:
        verbose_name = "Flyer"


class WebconferencePage(ResourcePage):
    kind_key = "webconference"
    catalogue_type = "webinar"  # the catalogue's name for it (catalogue/registry.py)
    kit_role = "webconference"
    parent_page_types = RESOURCE_PARENTS

    event_start = models.DateTimeField("Date et heure de la session", null=True, blank=True)
    duration_minutes = models.PositiveIntegerField("Durée (minutes)", null=True, blank=True)
    replay_url = models.URLField("Vidéo du replay", blank=True)
    slides = models.ForeignKey(
        "publications.HubDocument",
        verbose_name="Support de présentation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = ResourcePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("event_start"), FieldPanel("duration_minutes"), FieldPanel("replay_url"), FieldPanel("slides")],
            heading="Webconférence",
        )
    ]

    api_fields = ResourcePage.api_fields + [
        APIField("event_start"),
        APIField("duration_minutes"),
        APIField("replay_url"),
        APIField("slides", serializer=DocumentField()),
    ]

    class Meta:
        verbose_name = "Webconférence"

    @classmethod
    def api_queryset(cls, queryset):
        return super().api_queryset(queryset).select_related("slides")

    @property
    def replay_embed_url(self):
        return embed_url(self.replay_url)

    @property
    def replay_is_demo(self):
        return is_demo_video(self.replay_url)

    def documents_offered_elsewhere(self):
        return super().documents_offered_elsewhere() | ({self.slides_id} if self.slides_id else set())


class OutilPage(ResourcePage):
    TOOL_KIND_CHOICES = [
        ("modele", "Modèle"),
        ("tableur", "Tableur"),
        ("tableau_de_bord", "Tableau de bord"),
        ("dataviz", "Data-visualisation"),
    ]
    kind_key = "outil"
    kit_role = "outil"
    parent_page_types = RESOURCE_PARENTS

    tool_kind = models.CharField("Nature de l'outil", max_length=20, choices=TOOL_KIND_CHOICES, default="modele")
    tool_url = models.URLField("Lien vers l'outil", blank=True)
    tool_file = models.ForeignKey(
        "publications.HubDocument",
        verbose_name="Fichier de l'outil",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = ResourcePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("tool_kind"), FieldPanel("tool_url"), FieldPanel("tool_file")],
            heading="Outil",
        )
    ]

    api_fields = ResourcePage.api_fields + [
        APIField("tool_kind"),
        APIField("tool_url"),
        APIField("tool_file", serializer=DocumentField()),
    ]

    class Meta:
        verbose_name = "Outil"

    @classmethod
    def api_queryset(cls, queryset):
        return super().api_queryset(queryset).select_related("tool_file")

    def documents_offered_elsewhere(self):
        return super().documents_offered_elsewhere() | ({self.tool_file_id} if self.tool_file_id else set())

    def clean(self):
        super().clean()
        if not self.tool_url and not self.tool_file_id:
            raise ValidationError({"tool_url": "Indiquez un lien vers l'outil ou joignez son fichier."})


class KitPage(RoutablePageMixin, ResourcePage):
    kind_key = "kit"
    parent_page_types = RESOURCE_PARENTS

    content_panels = ResourcePage.content_panels + [
        InlinePanel("components", heading="Composants du kit", label="composant", min_num=1),
    ]

    api_fields = ResourcePage.api_fields + [APIField("components", serializer=KitComponentsField())]

    class Meta:
        verbose_name = "Kit"

    @classmethod
    def api_queryset(cls, queryset):
        components = KitComponent.objects.select_related("page", "document")
        return super().api_queryset(queryset).prefetch_related(models.Prefetch("components", queryset=components))

    def ordered_components(self):
        return in_sort_order(self.components.select_related("page", "document"))

    def documents_offered_elsewhere(self):
        offered = {component.document_id for component in self.ordered_components() if component.document_id}
        return super().documents_offered_elsewhere() | offered

    @path("")
    def kit_page(self, request):
        return self.render(request)

    @path("telecharger/", name="download_kit")
    def download_kit(self, request):
        """The kit ZIP, through the page's own serve so page privacy applies."""
        from ..kits import serve_kit_archive

        return serve_kit_archive(self, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        archive = getattr(self, "archive", None) if self.pk else None
        context["kit_archive"] = archive
        context["kit_has_files"] = self.has_downloadable_files(archive)
        return context

    def has_downloadable_files(self, archive=None):
        """Whether the kit's ZIP would hold a file besides its sommaire.txt (no ZIP is offered otherwise)."""
        if archive is not None:
            return archive.file_count > 0
        if not self.pk:
            return False
        # No archive built yet (an imported kit, before its first download): one query, which leaves
        # restricted collections to the download (a 404 when every file is private).
        page_files = (
            Q(page__documents__isnull=False)
            | Q(page__outilpage__tool_file__isnull=False)
            | Q(page__webconferencepage__slides__isnull=False)
        )
        own_file = Q(document__isnull=False) & ~Q(document__file="")
        # From the database, not self.components: in a preview those are unsaved objects.
        return KitComponent.objects.filter(Q(kit_id=self.pk), own_file | (Q(page__live=True) & page_files)).exists()


class KitComponent(Orderable):
    ROLE_CHOICES = [
        ("flyer", "Flyer"),
        ("fiche", "Fiche pratique"),
        ("synthese", "Synthèse"),
        ("modele", "Modèle"),
        ("webconference", "Webconférence"),
        ("outil", "Outil"),
        ("autre", "Autre"),
    ]

    kit = ParentalKey(KitPage, related_name="components", on_delete=models.CASCADE)
    role = models.CharField("Rôle dans le kit", max_length=20, choices=ROLE_CHOICES)
    page = models.ForeignKey(
        ResourcePage,
        verbose_name="Ressource",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kit_memberships",
    )
    document = models.ForeignKey(
        "publications.HubDocument",
        verbose_name="Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kit_memberships",
    )

    panels = [FieldPanel("role"), FieldPanel("page"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "composant du kit"
        verbose_name_plural = "composants du kit"

    def clean(self):
        if bool(self.page_id) == bool(self.document_id):
            raise ValidationError("Chaque composant est soit une ressource, soit un document : choisissez-en un seul.")

    @property
    def title(self):
        return self.page.title if self.page_id else self.document.title
