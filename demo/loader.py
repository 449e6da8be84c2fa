"""Build the demonstration site from `demo.content`.

Idempotent: pages are found again by slug under their section, documents and
images by title. Running the loader twice updates the same pages (a new
revision each time) and recreates their orderables, so nothing is duplicated.

Pages are published in two passes: every page is first created (or found),
then bodies, related links and kit components, which point at other pages,
are set and each page is published once.
"""

import datetime
import html
import re
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import ReferenceIndex
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from bonnes_pratiques.models import BonnePratiquePage
from core.site_tree import ensure_site_tree
from home.models import ActualitePage, ActualiteResource, HomeFeaturedKit, InformationPage, SiteMapPage
from programmes.models import ProgrammePage, ProgrammeSession
from publications.models import (
    Audience,
    KitComponent,
    KitPage,
    OutilPage,
    RelatedResource,
    ResourceDocument,
    ResourcePage,
    Theme,
    WebconferencePage,
)
from publications.resource_types import by_kind

from . import content
from .media import cover_png, document_bytes, ensure_document, ensure_image

PARIS = ZoneInfo("Europe/Paris")
KIND_LABELS = dict(ResourcePage.KIND_CHOICES)


class DemoContentError(Exception):
    """The demo data, or the existing site, does not fit together."""


@dataclass
class LoadSummary:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    resources: int = 0
    practices: int = 0
    news: int = 0
    programmes: int = 0
    documents: int = 0
    documents_created: int = 0
    images: int = 0
    images_created: int = 0
    seconds: float = 0.0


def _date(value):
    return datetime.date.fromisoformat(value)


def _at_nine(day):
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=PARIS)


def programme_dates(kind, today):
    """(applications open, applications close, programme end) so that the demo shows each status today.

    "open": a call of about 4 months, open today, that closes on the next 1st of April at least a month
    away (the HAD call: its collective sessions are on 15 and 16 April); "running": closed 5 months
    ago; "upcoming": opens in a month."""
    if kind == "open":
        year = today.year if today < datetime.date(today.year, 3, 1) else today.year + 1
        close = datetime.date(year, 4, 1)
        opens = min(datetime.date(year - 1, 12, 1), today - datetime.timedelta(days=1))
        return _at_nine(opens), _at_nine(close), close + datetime.timedelta(days=183)
    if kind == "running":
        close = today - datetime.timedelta(days=150)
        return _at_nine(close - datetime.timedelta(days=90)), _at_nine(close), today + datetime.timedelta(days=210)
    start = today + datetime.timedelta(days=30)
    return _at_nine(start), _at_nine(start + datetime.timedelta(days=90)), start + datetime.timedelta(days=365)


def _session_day(month_day, close):
    """A "MM-DD" session day, in the first such day after the call closes."""
    month, day = (int(part) for part in month_day.split("-"))
    candidate = datetime.date(close.year, month, day)
    return candidate if candidate > close.date() else candidate.replace(year=close.year + 1)


def html_to_paragraphs(markup):
    """Plain-text paragraphs of a rich-text HTML fragment (list items prefixed with a dash)."""
    markup = re.sub(r"<li[^>]*>", "- ", markup)
    markup = re.sub(r"</(p|li|h[1-6])>", "\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return [line.strip() for line in text.splitlines() if line.strip()]


class DemoLoader:
    def __init__(self, log=None):
        self.log = log or (lambda message: None)
        self.summary = LoadSummary()
        self.pages = {}  # slug -> specific page, resources and practices
        self.documents = {}  # content.DOCUMENTS key -> HubDocument
        self.touched = []  # other published pages: news, home, sections
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.audiences = {audience.slug: audience for audience in Audience.objects.all()}

    # -- entry point -------------------------------------------------------

    def run(self, update_index=True):
        start = time.monotonic()
        # Each page is saved several times while publishing: index its references once, at the end.
        with transaction.atomic(), disable_reference_index_auto_update():
            sections = ensure_site_tree()
            self.load_documents()
            resource_specs = [(sections["ressources"], spec) for spec in content.RESOURCES]
            practice_specs = [(sections["bonnes-pratiques"], spec) for spec in content.BONNES_PRATIQUES]
            programme_specs = [(sections["appuis-terrain"], spec) for spec in content.PROGRAMMES]
            for parent, spec in resource_specs:
                self.upsert_resource(parent, by_kind(spec["type"]), spec)  # "type": a kind_key
            for parent, spec in practice_specs:
                self.upsert_resource(parent, BonnePratiquePage, spec)
            for parent, spec in programme_specs:
                self.upsert_programme(parent, spec)
            for _parent, spec in resource_specs + practice_specs + programme_specs:
                self.link_and_publish(spec)
            for spec in content.NEWS:
                self.upsert_news(sections["actualites"], spec)
            self.load_home(sections["home"])
            self.load_information_pages(sections["home"])
            self.load_section_intros(sections)
            for page in [*self.touched, *self.pages.values()]:
                ReferenceIndex.create_or_update_for_object(page)
        self.summary.resources = len(content.RESOURCES)
        self.summary.practices = len(content.BONNES_PRATIQUES)
        self.summary.programmes = len(content.PROGRAMMES)
        self.summary.news = len(content.NEWS)
        self.summary.documents = len(self.documents)
        if update_index:
            self.log("Mise à jour de l'index de recherche…")
            call_command("update_index", verbosity=0)
        self.summary.seconds = time.monotonic() - start
        return self.summary

    # -- media -------------------------------------------------------------

    def document_owners(self):
        """For each document key, the first page spec that lists it (its text fills the PDF)."""
        owners = {}
        for spec in content.RESOURCES + content.BONNES_PRATIQUES:
            for item in spec.get("documents", []):
                key = item[0] if isinstance(item, tuple) else item
                owners.setdefault(key, spec)
        return owners

    @staticmethod
    def page_text(spec):
        paragraphs = [spec["summary"]]
        for name in ("context", "actions", "results", "lessons"):
            if spec.get(name):
                paragraphs += html_to_paragraphs(spec[name])
        for block_type, value in spec.get("body", []):
            if block_type == "paragraph":
                paragraphs += html_to_paragraphs(value)
            elif block_type == "quote":
                paragraphs.append(f"« {value['text']} » {value.get('author', '')}".strip())
        return paragraphs

    def load_documents(self):
        owners = self.document_owners()
        for key, spec in content.DOCUMENTS.items():
            owner = owners.get(key)
            paragraphs = self.page_text(owner) if owner else [spec["title"]]
            document, created = ensure_document(spec["title"], lambda s=spec, p=paragraphs: document_bytes(s, p))
            self.documents[key] = document
            self.summary.documents_created += created

    def cover(self, title, kind):
        image, created = ensure_image(
            f"Couverture - {title}", lambda: cover_png(title, KIND_LABELS.get(kind, ""), kind)
        )
        self.summary.images += 1
        self.summary.images_created += created
        return image

    # -- pages -------------------------------------------------------------

    def find_or_new(self, parent, model, slug):
        existing = parent.get_children().filter(slug=slug).first()
        if existing is None:
            return model(slug=slug), True
        page = existing.specific
        if not isinstance(page, model):
            raise DemoContentError(
                f"La page « {page.title} » ({slug}) existe déjà avec un autre type ({type(page).__name__})."
            )
        return page, False

    def vocabulary(self, names, terms, label):
        found = []
        for name in names:
            term = terms.get(slugify(name))
            if term is None:
                raise DemoContentError(f"{label} introuvable : « {name} ». Les vocabulaires ont-ils été migrés ?")
            found.append(term)
        return found

    def upsert_resource(self, parent, model, spec):
        page, created = self.find_or_new(parent, model, spec["slug"])
        page.title = spec["title"]
        page.summary = spec["summary"]
        page.publication_date = _date(spec["date"])
        page.sector = spec["sector"]
        page.search_description = ""
        page.cover_image = self.cover(spec["title"], model.kind_key)
        page.themes.set(self.vocabulary(spec["themes"], self.themes, "Thème"))
        page.audiences.set(self.vocabulary(spec["audiences"], self.audiences, "Public cible"))
        page.documents = [
            ResourceDocument(document=self.documents[key], label=label, sort_order=index)
            for index, (key, label) in enumerate(
                item if isinstance(item, tuple) else (item, "") for item in spec["documents"]
            )
        ]
        if model is WebconferencePage:
            start = datetime.datetime.fromisoformat(spec["event_start"])
            page.event_start = start.replace(tzinfo=PARIS)
            page.duration_minutes = spec["duration_minutes"]
            page.replay_url = spec["replay_url"]
            page.slides = self.documents[spec["slides"]]
        elif model is OutilPage:
            page.tool_kind = spec["tool_kind"]
            page.tool_url = spec.get("tool_url", "")
            page.tool_file = self.documents[spec["tool_file"]] if spec.get("tool_file") else None
        elif model is BonnePratiquePage:
            for name in (
                "structure_name",
                "structure_type",
                "region",
                "context",
                "actions",
                "results",
                "lessons",
                "contact_name",
                "contact_role",
                "contact_email",
            ):
                setattr(page, name, spec[name])
            page.contact_is_public = spec.get("contact_is_public", False)
        elif model is ProgrammePage:
            self.fill_programme(page, spec)
        if created:
            parent.add_child(instance=page)
            self.summary.created.append(page.title)
        else:
            self.summary.updated.append(page.title)
        self.pages[spec["slug"]] = page
        return page

    def upsert_programme(self, parent, spec):
        return self.upsert_resource(parent, ProgrammePage, {**spec, "date": datetime.date.today().isoformat()})

    @staticmethod
    def fill_programme(page, spec):
        for name in ("objectives", "target_structures", "format", "duration", "places", "regions"):
            setattr(page, name, spec[name])
        for name in ("activity_question", "contact_name", "contact_email"):
            setattr(page, name, spec[name])
        dates = programme_dates(spec["dates"], datetime.date.today())
        page.applications_open, page.applications_close, page.programme_end = dates
        page.sessions = [
            ProgrammeSession(
                date=_session_day(start, dates[1]),
                end_date=_session_day(end, dates[1]),
                region=region,
                place=place,
                sort_order=index,
            )
            for index, (start, end, region, place) in enumerate(spec["sessions"])
        ]

    def link_and_publish(self, spec):
        page = self.pages[spec["slug"]]
        page.body = self.stream(spec.get("body", []))
        page.related_links = [
            RelatedResource(resource=self.page(slug), sort_order=index)
            for index, slug in enumerate(spec.get("related", []))
        ]
        if isinstance(page, KitPage):
            components = []
            for index, (role, target) in enumerate(spec["components"]):
                if isinstance(target, dict):
                    component = KitComponent(role=role, document=self.documents[target["document"]])
                else:
                    component = KitComponent(role=role, page=self.page(target))
                component.sort_order = index
                components.append(component)
            page.components = components
        page.save_revision().publish()

    def page(self, slug):
        try:
            return self.pages[slug]
        except KeyError:
            raise DemoContentError(f"Ressource inconnue dans les données de démonstration : « {slug} ».") from None

    def stream(self, blocks):
        """Content blocks -> a value for BodyBlock (block type, native value) pairs."""
        stream = []
        for block_type, value in blocks:
            if block_type == "paragraph":
                stream.append(("paragraph", RichText(value)))
            elif block_type == "key_figures":
                stream.append(("key_figures", self.key_figures(value)))
            elif block_type == "quote":
                quote = {"text": value["text"], "author": value.get("author", ""), "role": value.get("role", "")}
                stream.append(("quote", quote))
            elif block_type == "document":
                card = {
                    "document": self.documents[value["document"]],
                    "title": value.get("title", ""),
                    "description": value.get("description", ""),
                }
                stream.append(("document", card))
            elif block_type == "call_to_action":
                action = {
                    "title": value["title"],
                    "text": value.get("text", ""),
                    "button_label": value["button_label"],
                    "page": self.page(value["page"]) if value.get("page") else None,
                    "url": value.get("url", ""),
                }
                stream.append(("call_to_action", action))
            elif block_type == "video":
                stream.append(("video", dict(value)))
            else:
                raise DemoContentError(f"Type de bloc inconnu : {block_type}")
        return stream

    @staticmethod
    def key_figures(value):
        return {
            "heading": value.get("heading", ""),
            "figures": [
                {"value": figure[0], "label": figure[1], "source": figure[2] if len(figure) > 2 else ""}
                for figure in value["figures"]
            ],
        }

    def upsert_news(self, parent, spec):
        page, created = self.find_or_new(parent, ActualitePage, spec["slug"])
        page.title = spec["title"]
        page.date = _date(spec["date"])
        page.kind = spec["kind"]
        page.summary = spec["summary"]
        page.body = self.stream(spec["body"])
        page.linked_resources = [
            ActualiteResource(resource=self.page(slug), sort_order=index)
            for index, slug in enumerate(spec["resources"])
        ]
        if created:
            parent.add_child(instance=page)
            self.summary.created.append(page.title)
        else:
            self.summary.updated.append(page.title)
        page.save_revision().publish()
        self.touched.append(page)
        return page

    def load_home(self, home):
        data = content.HOME
        home.hero_title = data["hero_title"]
        home.hero_text = data["hero_text"]
        home.key_figures = [("key_figures", self.key_figures(data["key_figures"]))]
        home.key_figures_intro = [("text", RichText(data["key_figures_intro"]))]
        home.featured_kits = [
            HomeFeaturedKit(kit=self.page(slug), sort_order=index) for index, slug in enumerate(data["featured_kits"])
        ]
        home.save_revision().publish()
        self.touched.append(home)

    def load_information_pages(self, home):
        """The footer's mandatory pages (mentions légales, données personnelles, accessibilité) and
        the site map; an editor's text, once the page exists, is never overwritten."""
        specs = [
            (InformationPage, slug, title, {"intro": intro, "body": body})
            for slug, title, intro, body in content.INFORMATION_PAGES
        ]
        site_map = content.SITE_MAP
        specs.append((SiteMapPage, site_map["slug"], site_map["title"], {"intro": site_map["intro"]}))
        for model, slug, title, fields in specs:
            page, created = self.find_or_new(home, model, slug)
            if not created:
                self.summary.updated.append(page.title)
                continue
            page.title = title
            for name, value in fields.items():
                setattr(page, name, value)
            home.add_child(instance=page)
            page.save_revision().publish()
            self.summary.created.append(title)
            self.touched.append(page)

    def load_section_intros(self, sections):
        """Give empty section pages an introduction; never overwrite an editor's text."""
        for slug, intro in content.SECTION_INTROS.items():
            page = sections[slug].specific
            page.refresh_from_db()
            if not getattr(page, "intro", None):
                page.intro = intro
                page.save_revision().publish()
                self.touched.append(page)


def load_demo(log=None, update_index=True):
    """Build or refresh the demonstration site; returns a LoadSummary."""
    return DemoLoader(log=log).run(update_index=update_index)
