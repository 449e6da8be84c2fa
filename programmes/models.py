"""Field support programmes ("appuis terrain"), their calls for applications and the applications."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from core import content_version
from core.models import BasePage
from core.regions import REGION_CHOICES
from core.storage import get_private_storage
from publications.models import ResourcePage
from publications.resource_types import CardStatus

TEXT_FEATURES = ["bold", "italic", "ul", "ol", "link"]
REGIONS = dict(REGION_CHOICES)


class Status(models.TextChoices):
    """Where a programme stands, from its dates and the moment it is read (never stored)."""

    UPCOMING = "a_venir", "À venir"
    OPEN = "candidatures_ouvertes", "Candidatures ouvertes"
    RUNNING = "en_cours", "En cours"
    FINISHED = "termine", "Terminé"


STATUS_BADGES = {
    Status.UPCOMING: "fr-badge--info",
    Status.OPEN: "fr-badge--success",
    Status.RUNNING: "fr-badge--new",
    Status.FINISHED: "",
}


class ProgrammeIndexPage(BasePage):
    intro = models.TextField("Introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["programmes.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = "Index des appuis terrain"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        programmes = list(ProgrammePage.objects.child_of(self).live().public().order_by("applications_close", "pk"))
        now = timezone.now()
        order = [Status.OPEN, Status.UPCOMING, Status.RUNNING, Status.FINISHED]
        programmes.sort(key=lambda page: order.index(page.status_at(now)))
        context["programmes"] = [(page, page.status_at(now)) for page in programmes]
        return context


def status_of(applications_open, applications_close, programme_end, now):
    """A programme's status at `now`, from its window and its end (programmes.facets mirrors it)."""
    if now < applications_open:
        return Status.UPCOMING
    if now < applications_close:
        return Status.OPEN
    if timezone.localdate(now) <= programme_end:
        return Status.RUNNING
    return Status.FINISHED


class ProgrammePage(ResourcePage):
    """An appui terrain: a resource (type "Appui terrain" in search and listings) with a call for applications."""

    kind_key = "appui_terrain"

    objectives = RichTextField("Objectifs", features=TEXT_FEATURES)
    target_structures = models.CharField(
        "Structures visées", max_length=255, help_text="Par exemple : établissements d'HAD de tout statut."
    )
    format = models.TextField("Format", help_text="Par exemple : 4 jours sur site et un accompagnement à distance.")
    duration = models.CharField("Durée", max_length=100, help_text="Par exemple : 6 mois.")
    places = models.PositiveIntegerField("Nombre de places", help_text="Structures accompagnées au plus.")
    regions = models.JSONField("Régions", default=list, blank=True, help_text="Vide : toutes les régions.")
    applications_open = models.DateTimeField("Ouverture des candidatures")
    applications_close = models.DateTimeField("Clôture des candidatures")
    programme_end = models.DateField("Fin de l'accompagnement")
    activity_question = models.CharField(
        "Chiffre d'activité demandé",
        max_length=200,
        blank=True,
        help_text="Par exemple : Nombre de patients pris en charge par jour. Vide : aucun.",
    )
    contact_name = models.CharField("Contact", max_length=200)
    contact_email = models.EmailField("Courriel du contact")
    # Not the status (computed from the dates when read): the one the search index was last given,
    # so that programmes.tasks.refresh_statuses_task knows which programmes' status has moved since.
    indexed_status = models.CharField(max_length=30, blank=True, editable=False)

    content_panels = (
        ResourcePage.content_panels[:2]
        + [
            FieldPanel("objectives"),
            MultiFieldPanel(
                [FieldPanel("target_structures"), FieldPanel("format"), FieldPanel("duration"), FieldPanel("places")],
                heading="Accompagnement",
            ),
            FieldPanel("regions"),
            MultiFieldPanel(
                [
                    FieldPanel("applications_open"),
                    FieldPanel("applications_close"),
                    FieldPanel("programme_end"),
                    FieldPanel("activity_question"),
                ],
                heading="Appel à candidatures",
            ),
            InlinePanel("sessions", heading="Sessions collectives", label="session"),
            MultiFieldPanel([FieldPanel("contact_name"), FieldPanel("contact_email")], heading="Contact"),
        ]
        + ResourcePage.content_panels[2:]
    )

    search_fields = ResourcePage.search_fields + [
        index.SearchField("objectives"),
        index.SearchField("target_structures"),
        index.SearchField("format"),
    ]

    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Appui terrain"
        verbose_name_plural = "Appuis terrain"

    def clean(self):
        super().clean()
        if self.applications_open and self.applications_close and self.applications_close <= self.applications_open:
            raise ValidationError({"applications_close": "La clôture doit suivre l'ouverture des candidatures."})
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": f"L'adresse « {self.slug} » est réservée au formulaire de candidature."})
        unknown = [region for region in self.regions or [] if region not in REGIONS]
        if unknown:
            raise ValidationError({"regions": f"Régions inconnues : {', '.join(unknown)}."})

    RESERVED_SLUGS = {"candidature"}  # the application routes under /appuis-terrain/candidature/

    def status_at(self, now=None):
        return status_of(self.applications_open, self.applications_close, self.programme_end, now or timezone.now())

    @classmethod
    def card_statuses(cls, ids):
        """The cards' status badges, live: each status at this moment, from the programmes' dates
        kept under the content version (a page of cards would cost one query per card list)."""
        now = timezone.now()
        windows = content_version.memo("programme-windows", cls.windows, switchable=False)
        statuses = {}
        for pk in ids:
            if pk in windows:
                status = status_of(*windows[pk], now)
                statuses[pk] = CardStatus(status.value, str(status.label), STATUS_BADGES[status])
        return statuses

    @classmethod
    def windows(cls):
        """{page id: (applications_open, applications_close, programme_end)} of every programme."""
        rows = cls.objects.order_by().values_list("pk", "applications_open", "applications_close", "programme_end")
        return {pk: tuple(window) for pk, *window in rows}

    @property
    def status(self):
        return self.status_at()

    @property
    def status_label(self):
        return self.status.label

    @property
    def status_badge(self):
        return STATUS_BADGES[self.status]

    def is_open(self, now=None):
        return self.status_at(now) == Status.OPEN

    @property
    def region_labels(self):
        return [REGIONS[region] for region in self.regions or [] if region in REGIONS]

    @property
    def accepted_count(self):
        return self.applications.filter(decision=Application.Decision.ACCEPTED).count()

    def apply_url(self):
        return reverse("programmes:apply", args=[self.pk])


class ProgrammeSession(Orderable):
    """One collective session of a programme's calendar."""

    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField("Date")
    end_date = models.DateField("Jusqu'au", null=True, blank=True)
    region = models.CharField("Région", max_length=40, choices=REGION_CHOICES)
    place = models.CharField("Lieu", max_length=200)

    panels = [FieldPanel("date"), FieldPanel("end_date"), FieldPanel("region"), FieldPanel("place")]

    class Meta(Orderable.Meta):
        verbose_name = "session collective"


def new_token():
    return secrets.token_urlsafe(32)


def letter_path(instance, filename):
    return f"candidatures/{timezone.now():%Y/%m}/{secrets.token_hex(12)}/{filename}"


class Application(models.Model):
    """A structure's application to a programme, kept as typed; the programme team decides."""

    class StructureStatus(models.TextChoices):
        PUBLIC = "public", "Public"
        PRIVATE = "prive", "Privé"
        ESPIC = "espic", "ESPIC (privé d'intérêt collectif)"

    class Decision(models.TextChoices):
        PENDING = "en_attente", "En cours d'examen"
        ACCEPTED = "retenue", "Retenue"
        WAITLIST = "liste_attente", "Liste d'attente"
        REJECTED = "non_retenue", "Non retenue"

    programme = models.ForeignKey(
        ProgrammePage, verbose_name="Appui terrain", on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField("Référence", max_length=20, unique=True, null=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    structure_name = models.CharField("Nom de la structure", max_length=200)
    finess = models.CharField("Numéro FINESS", max_length=9, db_index=True)
    structure_status = models.CharField("Statut de la structure", max_length=10, choices=StructureStatus.choices)
    region = models.CharField("Région", max_length=40, choices=REGION_CHOICES, db_index=True)
    activity_figure = models.PositiveIntegerField("Chiffre d'activité", null=True, blank=True)

    director_name = models.CharField("Directeur ou directrice", max_length=200)
    director_email = models.EmailField("Courriel du directeur ou de la directrice")
    physician_name = models.CharField("Médecin", max_length=200)
    physician_email = models.EmailField("Courriel du médecin")
    cadre_name = models.CharField("Cadre de santé", max_length=200)
    cadre_email = models.EmailField("Courriel du cadre de santé")

    motivation = models.TextField("Motivation")
    letter = models.FileField(
        "Lettre d'engagement signée", upload_to=letter_path, storage=get_private_storage, max_length=255
    )
    letter_name = models.CharField("Nom du fichier", max_length=150)
    consent_at = models.DateTimeField("Consentement au traitement des données donné le")

    decision = models.CharField(
        "Décision", max_length=20, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    decision_comment = models.TextField(
        "Commentaire de la décision", blank=True, help_text="Envoyé à la structure avec la décision."
    )
    decided_at = models.DateTimeField("Décision prise le", null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("Reçue le", default=timezone.now, db_index=True)

    emails = GenericRelation("core.OutgoingEmail", related_query_name="application")

    class Meta:
        verbose_name = "candidature"
        verbose_name_plural = "candidatures"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "finess"], name="one_application_per_structure")]

    def __str__(self):
        return f"{self.reference or '—'} · {self.structure_name}"

    @staticmethod
    def make_reference(pk, when):
        return f"AT-{when:%Y}-{pk:06d}"

    @property
    def trio(self):
        return [
            ("Directeur ou directrice", self.director_name, self.director_email),
            ("Médecin", self.physician_name, self.physician_email),
            ("Cadre de santé", self.cadre_name, self.cadre_email),
        ]

    @property
    def recipients(self):
        return list(dict.fromkeys(email for _role, _name, email in self.trio))

    def get_status_url(self):
        return reverse("programmes:status", args=[self.token])

    def get_absolute_status_url(self):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.get_status_url()
