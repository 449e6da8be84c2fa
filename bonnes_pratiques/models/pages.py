from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.models import BasePage
from publications.models import ResourcePage, Theme
from publications.models.index import count_key, paginate
from publications.models.resource import tag_rows

from ..catalogue import prepare_imported_practice
from ..choices import REGION_CHOICES, STRUCTURE_TYPE_CHOICES

TEXT_FEATURES = ["bold", "italic", "ul", "ol", "link"]


class BonnePratiqueIndexPage(BasePage):
    intro = models.TextField("Introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["bonnes_pratiques.BonnePratiquePage"]
    max_count = 1

    class Meta:
        verbose_name = "Index des bonnes pratiques"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = (
            BonnePratiquePage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related(tag_rows("theme_items"))
            .order_by("-publication_date", "-pk")
        )
        regions = dict(REGION_CHOICES)
        structures = dict(STRUCTURE_TYPE_CHOICES)
        selected = {
            "theme": request.GET.get("theme", "")[:100],
            "region": request.GET.get("region") if request.GET.get("region") in regions else "",
            "structure": request.GET.get("structure") if request.GET.get("structure") in structures else "",
        }
        if selected["theme"]:
            practices = practices.filter(theme_items__tag__slug=selected["theme"])
        if selected["region"]:
            practices = practices.filter(region=selected["region"])
        if selected["structure"]:
            practices = practices.filter(structure_type=selected["structure"])
        context.update(
            page_obj=paginate(request, practices, count_key("practices", selected)),
            selected=selected,
            themes=Theme.objects.order_by("name"),
            region_choices=REGION_CHOICES,
            structure_choices=STRUCTURE_TYPE_CHOICES,
            is_filtered=any(selected.values()),
        )
        return context


class BonnePratiquePage(ResourcePage):
    """A community initiative, published by moderators. It is a resource like any other."""

    kind_key = "bonne_pratique"

    structure_name = models.CharField("Nom de la structure", max_length=200)
    structure_type = models.CharField("Type de structure", max_length=30, choices=STRUCTURE_TYPE_CHOICES)
    region = models.CharField("Région", max_length=40, choices=REGION_CHOICES, db_index=True)
    context = RichTextField("Contexte", features=TEXT_FEATURES, blank=True)
    actions = RichTextField("Actions mises en œuvre", features=TEXT_FEATURES, blank=True)
    results = RichTextField("Résultats et impact", features=TEXT_FEATURES, blank=True)
    lessons = RichTextField("Enseignements et difficultés", features=TEXT_FEATURES, blank=True)
    contact_name = models.CharField("Nom du contact", max_length=200, blank=True)
    contact_role = models.CharField("Fonction du contact", max_length=200, blank=True)
    contact_email = models.EmailField("Courriel du contact", blank=True)
    contact_is_public = models.BooleanField(
        "Afficher le contact", default=False, help_text="Uniquement si la personne y a consenti."
    )

    content_panels = (
        ResourcePage.content_panels[:2]
        + [
            MultiFieldPanel(
                [FieldPanel("structure_name"), FieldPanel("structure_type"), FieldPanel("region")],
                heading="Structure",
            ),
            FieldPanel("context"),
            FieldPanel("actions"),
            FieldPanel("results"),
            FieldPanel("lessons"),
            MultiFieldPanel(
                [
                    FieldPanel("contact_name"),
                    FieldPanel("contact_role"),
                    FieldPanel("contact_email"),
                    FieldPanel("contact_is_public"),
                ],
                heading="Contact",
            ),
        ]
        + ResourcePage.content_panels[2:]
    )

    search_fields = ResourcePage.search_fields + [
        index.SearchField("structure_name"),
        index.SearchField("context"),
        index.SearchField("actions"),
        index.SearchField("results"),
        index.FilterField("region"),
    ]

    parent_page_types = ["bonnes_pratiques.BonnePratiqueIndexPage"]
    subpage_types = []

    # Taken by the submission routes mounted under /bonnes-pratiques/ (see bonnes_pratiques/urls.py).
    RESERVED_SLUGS = {"proposer", "suivi", "confidentialite"}

    class Meta:
        verbose_name = "Bonne pratique"
        verbose_name_plural = "Bonnes pratiques"

    def prepare_import(self, record):
        """The catalogue importer's hook (catalogue/registry.py): the fields a catalogue does not carry."""
        prepare_imported_practice(self, record)

    def clean(self):
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": f"L'adresse « {self.slug} » est réservée au formulaire de proposition."})
