import datetime

from django.core.paginator import Paginator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import BasePage


class ActualiteIndexPage(BasePage):
    intro = models.TextField("Introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ActualitePage"]
    max_count = 1

    class Meta:
        verbose_name = "Index des actualités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = ActualitePage.objects.child_of(self).live().public().order_by("-date", "-pk")
        context["page_obj"] = Paginator(news, 20).get_page(request.GET.get("page"))
        return context


class ActualitePage(BasePage):
    KIND_CHOICES = [("actualite", "Actualité"), ("communique", "Communiqué de presse")]

    date = models.DateField("Date", default=datetime.date.today)
    kind = models.CharField("Nature", max_length=20, choices=KIND_CHOICES, default="actualite")
    summary = models.TextField("Chapô", blank=True)
    body = StreamField(BodyBlock(), verbose_name="Contenu", blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("linked_resources", heading="Ressources liées", label="ressource"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.ActualiteIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Actualité"


class ActualiteResource(Orderable):
    page = ParentalKey(ActualitePage, related_name="linked_resources", on_delete=models.CASCADE)
    resource = models.ForeignKey(
        "publications.ResourcePage", verbose_name="Ressource", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = "Ressource liée"
