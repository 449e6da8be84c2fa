"""Import a catalogue of resources from JSON lines (format: shared/corpus/README.md).

Two halves:

- `parse_line()` turns one line into a clean, validated `Record`, or raises a
  `LineError` whose message is French and line-numbered. It touches no database.
- `CatalogueImporter` writes records as live Wagtail pages, each with its main
  document (a real PDF of `file_pages` pages), in one transaction per line.

Design notes:

- Idempotent on `slug`: a resource that already exists is updated in place
  (fields, themes, audiences, document). A slug that exists with another type is
  an error for that line: changing a type would mean deleting a page and
  everything that points at it, which an import should not do silently.
- Documents: the PDFs are generated in worker processes (the slow part) while
  the main process writes pages. On an update, the PDF is only regenerated when
  what it shows changed (title, summary, body, page count); the document row is
  kept and its file replaced, the old file is deleted once the line committed.
- Nothing half-made: a line that fails rolls back its transaction and deletes
  any file it already stored.
- Search: the per-save indexing signal is paused during the import and the
  written pages and documents are indexed in bulk at the end.
- Pages are saved live without a revision (Wagtail treats the live page as the
  latest version); a page that already has revisions gets a new published one.
"""

import datetime
import hashlib
import html
import json
import multiprocessing
import os
import re
import unicodedata
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from tqdm import tqdm
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from bonnes_pratiques.choices import REGION_CHOICES
from bonnes_pratiques.models import BonnePratiquePage
from home.site_tree import ensure_site_tree
from search.pdftext import remember_texts

from . import pdf
from .models import (
    Audience,
    FichePratiquePage,
    FlyerPage,
    HubDocument,
    KitPage,
    OutilPage,
    PublicationPage,
    ResourceAudience,
    ResourceDocument,
    ResourcePage,
    ResourceTheme,
    Theme,
    WebconferencePage,
)

# Catalogue type -> (page model, key of its parent in ensure_site_tree()).
TYPES = {
    "publication": (PublicationPage, "ressources"),
    "fiche_pratique": (FichePratiquePage, "ressources"),
    "flyer": (FlyerPage, "ressources"),
    "webinar": (WebconferencePage, "ressources"),
    "kit": (KitPage, "ressources"),
    "outil": (OutilPage, "ressources"),
    "bonne_pratique": (BonnePratiquePage, "bonnes-pratiques"),
}
SECTORS = {
    "sanitaire": "sanitaire",
    "médico-social": "medico-social",
    "medico-social": "medico-social",
    "ville": "ville",
    "transversal": "transversal",
}
FIELDS = ("slug", "type", "title", "summary", "body", "themes", "audiences", "sector", "published", "file_pages")
MAX_TITLE_LENGTH = 255  # Page.title
MAX_SLUG_LENGTH = 255  # Page.slug
MAX_TAG_LENGTH = 100  # taggit's TagBase.name
MAX_FILE_PAGES = 1000
SLUG_RE = re.compile(r"^[-\w]+\Z")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \t]*\n")
FORBIDDEN_CHARACTER_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
PDF_WINDOW = 64  # PDFs generated ahead of the writer, at most
PDF_BATCH = 8  # PDFs a worker makes per task
INDEX_CHUNK = 500
# A kit component's role, from the kind of its resource.
COMPONENT_ROLES = {
    "publication": "synthese",
    "fiche_pratique": "fiche",
    "flyer": "flyer",
    "webconference": "webconference",
    "outil": "outil",
}


class LineError(Exception):
    """A line of the catalogue that cannot be imported; the message is for the editor."""

    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"ligne {line} : {message}")


@dataclass(frozen=True)
class Record:
    """One validated line of the catalogue."""

    line: int
    slug: str
    type: str
    title: str
    summary: str
    paragraphs: tuple
    themes: tuple
    audiences: tuple
    sector: str
    published: datetime.date
    file_pages: int
    components: tuple | None = None  # kits only: slugs of resources, in order; None: not in the line

    @property
    def model(self):
        return TYPES[self.type][0]

    def body_blocks(self):
        """The body as StreamField data: one rich text "paragraph" block per paragraph."""
        return [("paragraph", RichText(paragraph_html(text))) for text in self.paragraphs]

    def pdf_arguments(self):
        return (self.title, [self.summary, *self.paragraphs], self.file_pages)


def paragraph_html(text):
    """A plain-text paragraph as rich text: escaped, single line breaks kept."""
    return "<p>" + "<br/>".join(html.escape(line.strip(), quote=False) for line in text.split("\n")) + "</p>"


def split_paragraphs(body):
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(part.strip() for part in PARAGRAPH_SPLIT_RE.split(body) if part.strip())


# --- Parsing and validation -------------------------------------------------------------


def _quote(value, limit=60):
    text = str(value)
    return f"« {text[:limit]}… »" if len(text) > limit else f"« {text} »"


def _forbidden_character(name, value, problems):
    """NUL and other control characters (C0 but tab and line breaks, DEL, C1) and lone surrogates:
    never stored, shown or indexed. True when one was found (and reported)."""
    match = FORBIDDEN_CHARACTER_RE.search(value)
    if match:
        code = f"U+{ord(match.group()):04X}"
        kind = "invalide" if "\ud800" <= match.group() <= "\udfff" else "de contrôle"
        problems.append(f"champ « {name} » : caractère {kind} {code} interdit (position {match.start() + 1})")
    return bool(match)


def _text(data, name, problems, *, required=True, max_length=None):
    value = data[name]
    if not isinstance(value, str):
        problems.append(f"champ « {name} » : texte attendu")
        return None
    if _forbidden_character(name, value, problems):
        return None
    value = value.strip()
    if required and not value:
        problems.append(f"champ « {name} » vide")
        return None
    if max_length and len(value) > max_length:
        problems.append(f"champ « {name} » trop long ({len(value)} caractères, {max_length} au maximum)")
        return None
    return value


def _names(data, name, problems):
    value = data[name]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"champ « {name} » : liste de textes attendue")
        return None
    names, seen = [], set()
    for item in value:
        if _forbidden_character(name, item, problems):
            return None
        item = " ".join(item.split())
        if not item:
            problems.append(f"champ « {name} » : nom vide")
            return None
        if len(item) > MAX_TAG_LENGTH or not slugify(item):
            problems.append(f"champ « {name} » : nom {_quote(item)} invalide ({MAX_TAG_LENGTH} caractères au maximum)")
            return None
        if slugify(item) not in seen:  # "Médecins" and "médecins" are one audience
            seen.add(slugify(item))
            names.append(item)
    return tuple(names)


def parse_line(number, text):
    """Validate one line of the catalogue; return a `Record` or raise `LineError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(number, f"JSON invalide (colonne {exc.colno})") from None
    if not isinstance(data, dict):
        raise LineError(number, "un objet JSON est attendu")

    problems = [f"champ « {name} » manquant" for name in FIELDS if name not in data]
    present = {name for name in FIELDS if name in data}
    clean = {}

    if "slug" in present:
        slug = data["slug"]
        if not isinstance(slug, str):
            problems.append("champ « slug » : texte attendu")
        elif not slug or len(slug) > MAX_SLUG_LENGTH or not SLUG_RE.match(slug):
            problems.append(f"slug {_quote(slug)} invalide (lettres, chiffres, tirets ; {MAX_SLUG_LENGTH} au maximum)")
        else:
            clean["slug"] = slug
    if "type" in present:
        if not isinstance(data["type"], str) or data["type"] not in TYPES:
            problems.append(f"type {_quote(data['type'])} inconnu (attendu : {', '.join(TYPES)})")
        else:
            clean["type"] = data["type"]
    if "title" in present:
        clean["title"] = _text(data, "title", problems, max_length=MAX_TITLE_LENGTH)
    if "summary" in present:
        clean["summary"] = _text(data, "summary", problems)
    if "body" in present:
        body = _text(data, "body", problems, required=False)
        clean["paragraphs"] = split_paragraphs(body) if body is not None else None
    for name in ("themes", "audiences"):
        if name in present:
            clean[name] = _names(data, name, problems)
    if "sector" in present:
        if not isinstance(data["sector"], str) or data["sector"].strip() not in SECTORS:
            expected = "sanitaire, médico-social, ville, transversal"
            problems.append(f"secteur {_quote(data['sector'])} inconnu (attendu : {expected})")
        else:
            clean["sector"] = SECTORS[data["sector"].strip()]
    if "published" in present:
        published = data["published"]
        try:
            if not isinstance(published, str) or not DATE_RE.match(published):
                raise ValueError
            clean["published"] = datetime.date.fromisoformat(published)
        except ValueError:
            problems.append(f"date {_quote(published)} invalide (format attendu : AAAA-MM-JJ)")
    if "file_pages" in present:
        pages = data["file_pages"]
        if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= MAX_FILE_PAGES:
            problems.append(f"champ « file_pages » : entier de 1 à {MAX_FILE_PAGES} attendu, reçu {_quote(pages)}")
        else:
            clean["file_pages"] = pages

    if "components" in data:
        components = _components(data, clean.get("type"), clean.get("slug"), problems)
        if components is not None:
            clean["components"] = components

    if problems:
        raise LineError(number, " ; ".join(problems))
    return Record(line=number, **clean)


def _components(data, kind, own_slug, problems):
    """A kit's components: a list of distinct resource slugs (resolved against the hub when written)."""
    value = data["components"]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append("champ « components » : liste de slugs attendue")
        return None
    if value and kind != "kit":
        problems.append("champ « components » : réservé aux kits")
        return None
    bad = [item for item in value if not item or len(item) > MAX_SLUG_LENGTH or not SLUG_RE.match(item)]
    if bad:
        problems.append(f"champ « components » : slug {_quote(bad[0])} invalide")
        return None
    if own_slug in value:
        problems.append("champ « components » : un kit ne peut pas se contenir lui-même")
        return None
    if len(set(value)) != len(value):
        problems.append("champ « components » : slug en double")
        return None
    return tuple(value)


def read_catalogue(path):
    """Yield (line number, Record or LineError) for each non-blank line of the file."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, LineError(number, "encodage invalide (UTF-8 attendu)")
                continue
            if not text.strip():
                continue
            try:
                yield number, parse_line(number, text)
            except LineError as error:
                yield number, error


# --- Bonnes pratiques: fields the catalogue does not carry --------------------------------

_STRUCTURE_RE = re.compile(
    r"\b(?P<kind>[cC]entre hospitalier universitaire|[cC]entre hospitalier|[hH]ôpital de proximité|[hH]ôpital"
    r"|[cC]linique|CHU|EHPAD|HAD|SSIAD|CPTS|GHT)"
    r"(?P<name>(?:\s+(?:de\s+|du\s+|des\s+|d'|d’)?[A-ZÀ-Ý][\w'’-]*)+)"
)
_STRUCTURE_TYPES = {
    "centre hospitalier universitaire": "hopital",
    "centre hospitalier": "hopital",
    "hôpital de proximité": "hopital_proximite",
    "hôpital": "hopital",
    "chu": "hopital",
    "ehpad": "ehpad",
    "had": "had",
    "ssiad": "ssiad",
    "cpts": "cpts",
}
UNKNOWN_STRUCTURE = ("Structure non renseignée", "autre")


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_REGIONS = [(re.compile(r"\b" + re.escape(_ascii(label)) + r"\b"), value) for value, label in REGION_CHOICES]


def guess_structure(record):
    """(name, type) of the structure a practice comes from, read in its title or summary.

    "Comment le centre hospitalier de Vannes a réussi à…" -> ("Centre hospitalier de Vannes", "hopital").
    """
    for text in (record.title, record.summary, *record.paragraphs):
        match = _STRUCTURE_RE.search(text)
        if match:
            name = (match["kind"] + match["name"]).strip()
            structure_type = _STRUCTURE_TYPES.get(match["kind"].lower(), "autre")
            return (name[:1].upper() + name[1:])[:200], structure_type
    return UNKNOWN_STRUCTURE


def guess_region(record):
    """The first region named in the practice's text; otherwise one picked from its slug (stable)."""
    for text in (record.title, record.summary, *record.paragraphs):
        normalized = _ascii(text)
        for pattern, value in _REGIONS:
            if pattern.search(normalized):
                return value
    digest = int(hashlib.sha1(record.slug.encode()).hexdigest(), 16)
    return REGION_CHOICES[digest % len(REGION_CHOICES)][0]


# --- Writing -----------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # LineError, in line order
    aborted: bool = False  # strict mode: invalid lines, nothing written

    @property
    def imported(self):
        return self.created + self.updated + self.unchanged

    @property
    def rejected(self):
        return len(self.errors)


@dataclass
class _Plan:
    record: Record
    page_id: int | None = None  # the existing page to update
    needs_pdf: bool = True


@dataclass
class _LineWork:
    """What one line's transaction did, for afterwards: kept if it commits, undone if not."""

    stored: list = field(default_factory=list)  # files written (deleted again on a rollback)
    replaced: list = field(default_factory=list)  # files superseded (deleted once committed)
    new_tags: list = field(default_factory=list)  # (model, tag) created
    texts: dict = field(default_factory=dict)  # document -> the text of its generated PDF
    page_id: int | None = None  # the page written


@contextmanager
def search_auto_update_paused():
    """Disconnect the search index's post_save handler (one index write per save) for indexed models."""
    paused = [
        model
        for model in get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)  # True when it was connected
    ]
    try:
        yield
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)


def index_in_bulk(objects_by_model):
    """Index {model: {pk, ...}} in every auto-updated search backend, INDEX_CHUNK objects at a time."""
    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in objects_by_model.items():
        pks = sorted(pks)
        related = [name for name in ("themes", "audiences", "tags") if hasattr(model, name)]
        for start in range(0, len(pks), INDEX_CHUNK):
            chunk = pks[start : start + INDEX_CHUNK]
            objects = list(model.get_indexed_objects().filter(pk__in=chunk).prefetch_related(*related))
            for backend in backends:
                backend.add_bulk(model, objects)


def index_references(objects_by_model):
    """Record what the written objects point to (documents, tags...), as Wagtail's per-save handler would.

    `ReferenceIndex.create_or_update_for_object()` costs two queries an object; this
    does the same comparison for INDEX_CHUNK objects in two queries and one insert.
    It relies on Wagtail's reference extraction (`_extract_references_from_object`,
    stable through Wagtail 8.0), so what it records is what Wagtail would.
    """
    for model, pks in objects_by_model.items():
        if not ReferenceIndex.is_indexed(model):
            continue
        content_types = [
            ContentType.objects.get_for_model(m, for_concrete_model=False)
            for m in (model, *model._meta.get_parent_list())
        ]
        content_type, base_content_type = content_types[0], content_types[-1]
        own_types = {ct.pk for ct in content_types}  # other rows belong to a more specific subclass: kept
        pks = sorted(pks)
        children = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        for start in range(0, len(pks), INDEX_CHUNK):
            objects = model.objects.filter(pk__in=pks[start : start + INDEX_CHUNK]).prefetch_related(*children)
            with transaction.atomic():
                _index_references_of(list(objects), content_type, base_content_type, own_types)


def _index_references_of(objects, content_type, base_content_type, own_types):
    existing = {}
    rows = ReferenceIndex.objects.filter(
        base_content_type=base_content_type, object_id__in=[str(obj.pk) for obj in objects]
    ).values_list(
        "id", "content_type_id", "object_id", "to_content_type_id", "to_object_id", "model_path", "content_path"
    )
    for row_id, type_id, object_id, *reference in rows:
        existing.setdefault(object_id, {})[tuple(reference)] = (type_id, row_id)
    new_rows, stale_ids = [], []
    for obj in objects:
        references = set(ReferenceIndex._extract_references_from_object(obj))
        known = existing.get(str(obj.pk), {})
        new_rows.extend(
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=obj.pk,
                to_content_type_id=to_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_type_id, to_object_id, model_path, content_path in references - known.keys()
        )
        stale_ids.extend(
            row_id for ref, (type_id, row_id) in known.items() if ref not in references and type_id in own_types
        )
    ReferenceIndex.objects.bulk_create(new_rows, ignore_conflicts=True)
    if stale_ids:
        ReferenceIndex.objects.filter(id__in=stale_ids).delete()


def _document_storage():
    return HubDocument._meta.get_field("file").storage


class _Children:
    """Appends pages under a parent, as treebeard's add_child does, in fewer queries.

    add_child locks the parent and asks for its last child on every call; here the
    next tree path is kept in memory (one query per parent per run, again after a
    failed line). The parent's `numchild` is still incremented within each line's
    transaction, so a rolled-back line leaves the tree consistent (a gap in the
    paths, as a deletion would).
    """

    def __init__(self, parent):
        self.parent = parent
        self.reset()

    def reset(self):
        # From the database, not treebeard's get_last_child(): it trusts the parent's in-memory numchild.
        children = Page.objects.filter(path__startswith=self.parent.path, depth=self.parent.depth + 1)
        last = children.order_by("-path").first()
        self.next_path = last._inc_path() if last else Page._get_path(self.parent.path, self.parent.depth + 1, 1)

    def add(self, page):
        page.depth = self.parent.depth + 1
        page.path = self.next_path
        page._cached_parent_obj = self.parent  # treebeard's get_parent() cache, read by Wagtail's save
        # Wagtail's full validation, less the uniqueness queries this importer already answers:
        # the slug is checked among siblings by Page.clean(), the path is new.
        page.full_clean(exclude=["content_type", "locale", "tool_file"], validate_unique=False)
        page._is_site_root = False  # Wagtail's hint: spares a query in save()
        page.save(clean=False, log_action=None)  # sets url_path
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + 1)
        # The "wagtail.create" entry save() would have logged, without its per-entry validation queries.
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    page_id=page.pk,
                    content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                    label=page.get_admin_display_title(),
                    action="wagtail.create",
                    timestamp=timezone.now(),
                    data={},
                    content_changed=True,
                )
            ]
        )
        self.next_path = page._inc_path()


class CatalogueImporter:
    """Write a catalogue as live pages. `run(path)` returns an `ImportResult`."""

    def __init__(self, *, jobs=None, progress=False, progress_file=None, strict=False, on_error=None):
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.progress = progress
        self.progress_file = progress_file  # tqdm's default: sys.stderr
        self.strict = strict
        self.on_error = on_error or (lambda error: None)
        self.result = ImportResult()
        self.written = {}  # model -> {pk}: what the search and reference indexes must see
        self.slug_pages = {}  # slug -> (page id, kind) of the pages this import wrote
        self.pdf_texts = {}  # document -> the text of the PDF written for it, known without parsing it

    def _reject(self, error):
        self.result.errors.append(error)
        self.on_error(error)

    def run(self, path):
        entries = list(read_catalogue(Path(path)))
        records, seen = [], {}
        for number, entry in entries:
            if isinstance(entry, LineError):
                self._reject(entry)
            elif entry.slug in seen:
                self._reject(LineError(number, f"slug « {entry.slug} » déjà présent ligne {seen[entry.slug]}"))
            else:
                seen[entry.slug] = number
                records.append(entry)
        records = self._known_components(records, seen)

        self.parents = ensure_site_tree()
        self.children = {key: _Children(self.parents[key]) for key in {parent for _, parent in TYPES.values()}}
        self.root_collection_id = Collection.get_first_root_node().pk
        self.tags = {Theme: self._tag_cache(Theme), Audience: self._tag_cache(Audience)}
        plans = self._plan(records)
        if self.strict and self.result.errors:
            self.result.aborted = True
            self.result.errors.sort(key=lambda error: error.line)
            return self.result

        bar = tqdm(
            total=len(entries),
            initial=len(entries) - len(plans),
            disable=not self.progress,
            file=self.progress_file,
            unit=" ligne",
            desc="Import",
            mininterval=0.5,
        )
        try:
            with (
                search_auto_update_paused(),
                disable_reference_index_auto_update(),
                closing(self._with_pdfs(plans)) as pdfs,  # stops the workers however the loop ends
            ):
                for plan, data in pdfs:
                    try:
                        self._write(plan, data)
                    except LineError as error:
                        with bar.external_write_mode():
                            self._reject(error)
                    bar.update(1)
        finally:
            bar.close()
            remember_texts(self.pdf_texts)
            index_in_bulk(self.written)
            index_references(self.written)
        self.result.errors.sort(key=lambda error: error.line)
        return self.result

    # Kits: components are slugs of earlier lines or of resources already in the hub.

    def _known_components(self, records, seen):
        """The records whose components all exist (earlier in the catalogue, or in the hub); the others rejected."""
        wanted = {slug for record in records for slug in record.components or ()}
        in_hub = set(ResourcePage.objects.filter(slug__in=wanted).values_list("slug", flat=True)) if wanted else set()
        kept = []
        for record in records:
            unknown = [
                slug
                for slug in record.components or ()
                if slug not in in_hub and not (slug in seen and seen[slug] < record.line)
            ]
            if unknown:
                names = ", ".join(_quote(slug) for slug in unknown)
                self._reject(
                    LineError(
                        record.line,
                        f"composant{'s' if len(unknown) > 1 else ''} {names} introuvable"
                        f"{'s' if len(unknown) > 1 else ''} : ni une ligne précédente du catalogue, "
                        "ni une ressource du hub",
                    )
                )
            else:
                kept.append(record)
        return kept

    def _component_pages(self, slugs):
        """{slug: (page id, kind)}: the page written by this import first, else the hub's (under its parent first)."""
        found = {}
        pages = ResourcePage.objects.filter(slug__in=slugs).values_list("slug", "pk", "kind", "path")
        ressources = self.parents["ressources"].path
        for slug, pk, kind, _path in sorted(pages, key=lambda row: not row[3].startswith(ressources)):
            found.setdefault(slug, (pk, kind))
        for slug in slugs:
            if slug in self.slug_pages:
                found[slug] = self.slug_pages[slug]
        return found

    def _set_components(self, page, record):
        """Give the kit its components in the catalogue's order; True when they changed."""
        from .models import KitArchive, KitComponent

        pages = self._component_pages(record.components)
        missing = [slug for slug in record.components if slug not in pages]
        if missing:  # its line was rejected
            raise LineError(record.line, f"composant {_quote(missing[0])} introuvable (sa ligne a été rejetée)")
        wanted = [pages[slug][0] for slug in record.components]
        current = list(
            KitComponent.objects.filter(kit_id=page.pk).order_by("sort_order", "pk").values_list("page_id", flat=True)
        )
        if current == wanted:
            return False
        KitComponent.objects.filter(kit_id=page.pk).delete()
        KitComponent.objects.bulk_create(
            KitComponent(
                kit_id=page.pk,
                page_id=pages[slug][0],
                role=COMPONENT_ROLES.get(pages[slug][1], "autre"),
                sort_order=position,
            )
            for position, slug in enumerate(record.components)
        )
        # Its ZIP is stale: dropped, the next download builds it again.
        for archive in KitArchive.objects.filter(kit_id=page.pk):
            name = archive.file.name
            archive.delete()
            if name:
                transaction.on_commit(lambda name=name: _document_storage().delete(name))
        return True

    def _components_current(self, page_id, record, current_components):
        if record.components is None:
            return True
        pages = self._component_pages(record.components)
        wanted = [pages.get(slug, (None,))[0] for slug in record.components]
        return current_components.get(page_id, []) == wanted

    # Planning: match records with existing pages, in a few queries per 500 lines.

    def _plan(self, records):
        """Plans for the lines to write; unchanged resources and type conflicts are settled here."""
        plans = []
        for start in range(0, len(records), 500):
            chunk = records[start : start + 500]
            existing = {}
            for page in ResourcePage.objects.filter(slug__in=[record.slug for record in chunk]).only(
                "pk", "slug", "kind", "path", "title", "draft_title", "summary", "body", "publication_date", "sector"
            ):
                existing.setdefault(page.slug, []).append(page)
            ids = [page.pk for pages in existing.values() for page in pages]
            documents = self._current_documents(ids)
            tag_ids = {
                Theme: self._tag_ids(ResourceTheme, ids),
                Audience: self._tag_ids(ResourceAudience, ids),
            }
            live = set(ResourcePage.objects.filter(pk__in=ids, live=True).values_list("pk", flat=True))
            components = {}
            for kit_id, page_id in self._kit_rows(ids):
                components.setdefault(kit_id, []).append(page_id)
            for record in chunk:
                parent = self.parents[TYPES[record.type][1]]
                candidates = existing.get(record.slug, [])
                candidates.sort(key=lambda page: not page.path.startswith(parent.path))  # under its parent first
                if not candidates:
                    plans.append(_Plan(record))
                    continue
                page = candidates[0]
                if page.kind != record.model.kind_key:
                    self._reject(
                        LineError(
                            record.line,
                            f"la ressource « {record.slug} » existe déjà avec le type « {page.get_kind_display()} » ; "
                            "l'import ne change pas le type d'une ressource (changez le slug ou supprimez la page)",
                        )
                    )
                    continue
                pdf_current = self._pdf_is_current(page, documents.get(page.pk), record)
                if (
                    pdf_current
                    and page.pk in live
                    and page.draft_title == record.title
                    and page.publication_date == record.published
                    and page.sector == record.sector
                    and tag_ids[Theme].get(page.pk, set()) == self._known_tag_ids(Theme, record.themes)
                    and tag_ids[Audience].get(page.pk, set()) == self._known_tag_ids(Audience, record.audiences)
                    and self._components_current(page.pk, record, components)
                ):
                    self.result.unchanged += 1
                    continue
                plans.append(_Plan(record, page.pk, needs_pdf=not pdf_current))
        return plans

    @staticmethod
    def _kit_rows(page_ids):
        from .models import KitComponent

        rows = KitComponent.objects.filter(kit_id__in=page_ids).order_by("kit_id", "sort_order", "pk")
        return rows.values_list("kit_id", "page_id")

    @staticmethod
    def _tag_ids(through, page_ids):
        tags = {}
        for page_id, tag_id in through.objects.filter(content_object_id__in=page_ids).values_list(
            "content_object_id", "tag_id"
        ):
            tags.setdefault(page_id, set()).add(tag_id)
        return tags

    @staticmethod
    def _current_documents(page_ids):
        """{page id: main document}: the tool file of a tool, the first download otherwise."""
        documents = {}
        links = ResourceDocument.objects.filter(page_id__in=page_ids).select_related("document")
        for link in links.order_by("page_id", "-sort_order", "-pk"):
            documents[link.page_id] = link.document  # the first in order wins
        for tool in OutilPage.objects.filter(pk__in=page_ids).select_related("tool_file"):
            documents[tool.pk] = tool.tool_file
        return documents

    @staticmethod
    def _pdf_is_current(page, document, record):
        """Whether the stored PDF already shows what the record says."""
        body = [(block["type"], block["value"]) for block in page.body.raw_data]
        expected = [("paragraph", paragraph_html(text)) for text in record.paragraphs]
        return bool(
            document
            and document.page_count == record.file_pages
            and document.title == record.title
            and page.title == record.title
            and page.summary == record.summary
            and body == expected
            and document.file
            and document.file.storage.exists(document.file.name)
        )

    # PDFs, in worker processes.

    @staticmethod
    def _render(plan):
        try:
            return pdf.render_pdf(*plan.record.pdf_arguments())
        except Exception as exc:  # noqa: BLE001 - reported on its line
            return exc

    def _with_pdfs(self, plans):
        """Yield (plan, RenderedPdf | None | exception) in order; PDFs are made ahead, in worker processes."""
        if self.jobs <= 1 or sum(plan.needs_pdf for plan in plans) < 2 * PDF_WINDOW:
            for plan in plans:
                yield plan, self._render(plan) if plan.needs_pdf else None
            return
        # "spawn": the workers import publications.pdf only, never Django nor its database connection.
        # (Like any spawned pool, it needs an `if __name__ == "__main__"` guard in the main script: manage.py has it.)
        pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"))
        # Batches: one message to and from a worker per PDF costs the writer more than the PDF is worth.
        batches = (plans[start : start + PDF_BATCH] for start in range(0, len(plans), PDF_BATCH))
        pending, broken = deque(), False

        def submit(batch):
            nonlocal broken
            arguments = [plan.record.pdf_arguments() for plan in batch if plan.needs_pdf]
            future = None
            if arguments and not broken:
                try:
                    future = pool.submit(pdf.render_many, arguments)
                except BrokenProcessPool:
                    broken = True
            pending.append((batch, future))

        try:
            for batch in islice(batches, max(1, PDF_WINDOW // PDF_BATCH)):
                submit(batch)
            while pending:
                batch, future = pending.popleft()
                following = next(batches, None)
                if following is not None:
                    submit(following)
                made = None
                if future is not None:
                    try:
                        made = iter(future.result())
                    except BrokenProcessPool:  # a worker died: carry on without the pool
                        broken = True
                    except Exception:  # noqa: BLE001 - the batch is made here instead, each failure on its line
                        pass
                for plan in batch:
                    if not plan.needs_pdf:
                        yield plan, None
                    else:
                        yield plan, next(made) if made is not None else self._render(plan)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    # Themes and audiences.

    @staticmethod
    def _tag_cache(model):
        cache = {}
        for tag in model.objects.all():
            cache.setdefault(tag.name.lower(), tag)
            cache.setdefault(tag.slug, tag)
        return cache

    def _find_tag(self, model, name):
        cache = self.tags[model]
        return cache.get(name.lower()) or cache.get(slugify(name))

    def _known_tag_ids(self, model, names):
        return {tag.pk if tag else None for tag in (self._find_tag(model, name) for name in names)}

    def _tags(self, model, names, created):
        """Tags for names, matched on name (any case) or slug; unknown ones are created, capitalised."""
        tags = []
        for name in names:
            tag = self._find_tag(model, name)
            if tag is None:
                tag = model.objects.create(name=name[:1].upper() + name[1:], slug=slugify(name))
                created.append((model, tag))
            tags.append(tag)
        return tags

    # Writing one line, in its own transaction.

    def _write(self, plan, data):
        record = plan.record
        if isinstance(data, Exception):
            raise LineError(record.line, f"génération du PDF impossible ({data})")
        work = _LineWork()
        try:
            with transaction.atomic():
                outcome = self._save(plan, data, work)
        except Exception as exc:
            for name in work.stored:  # the transaction is rolled back: so are the files it stored
                _document_storage().delete(name)
            for children in self.children.values():
                children.reset()
            raise LineError(record.line, self._describe(exc)) from exc
        self.pdf_texts.update(work.texts)
        if work.page_id:
            self.slug_pages[record.slug] = (work.page_id, record.model.kind_key)
        for model, tag in work.new_tags:  # committed: later lines can use them
            self.tags[model].setdefault(tag.name.lower(), tag)
            self.tags[model].setdefault(tag.slug, tag)
        setattr(self.result, outcome, getattr(self.result, outcome) + 1)

    @staticmethod
    def _describe(exc):
        if isinstance(exc, ValidationError):
            messages = []
            for name, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
                messages.extend(f"{name} : {error}" if name and name != "__all__" else error for error in errors)
            return "page invalide (" + " ; ".join(messages) + ")"
        return f"échec de l'enregistrement ({exc.__class__.__name__} : {exc})"

    def _store_document(self, document, record, rendered, work):
        """Put a new PDF in `document` (new or existing); remember the files to clean up and its text."""
        if document.pk and document.file:
            work.replaced.append(document.file.name)
        document.title = record.title
        document.file = ContentFile(rendered.data, name=f"{record.slug[:60]}.pdf")
        document.known_page_count = rendered.pages
        try:
            document.save()  # stores the file, then counts its pages
        finally:
            if getattr(document.file, "_committed", False) and document.file.name not in work.replaced:
                work.stored.append(document.file.name)
        self.written.setdefault(HubDocument, set()).add(document.pk)
        work.texts[document] = rendered.text
        return document

    def _fields(self, record):
        return {
            "title": record.title,
            "draft_title": record.title,
            "summary": record.summary,
            "publication_date": record.published,
            "sector": record.sector,
        }

    def _save(self, plan, data, work):
        record, model = plan.record, plan.record.model
        themes = self._tags(Theme, record.themes, work.new_tags)
        audiences = self._tags(Audience, record.audiences, work.new_tags)
        now = timezone.now()
        if plan.page_id is None:
            return self._create(record, model, data, themes, audiences, now, work)

        page = model.objects.get(pk=plan.page_id)
        for name, value in self._fields(record).items():
            setattr(page, name, value)
        if [(block.block_type, block.value.source) for block in page.body] != [
            (kind, value.source) for kind, value in record.body_blocks()
        ]:
            page.body = record.body_blocks()
        for name, tags in (("themes", themes), ("audiences", audiences)):
            if {tag.pk for tag in getattr(page, name).all()} != {tag.pk for tag in tags}:
                getattr(page, name).set(tags)
        if plan.needs_pdf:
            current = self._current_documents([page.pk]).get(page.pk)
            document = current or HubDocument(collection_id=self.root_collection_id)
            document = self._store_document(document, record, data, work)
            if model is OutilPage:
                page.tool_file = document
            elif current is None:  # first in the list of downloads
                first = page.documents.order_by("sort_order").values_list("sort_order", flat=True).first()
                ResourceDocument.objects.create(page=page, document=document, sort_order=(first or 0) - 1)
        if model is KitPage and record.components is not None:
            self._set_components(page, record)
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
        page.save()
        work.page_id = page.pk
        if page.latest_revision_id:  # edited in the admin: the import becomes the published revision
            page.save_revision(clean=False).publish(skip_permission_checks=True)
        if work.replaced:
            storage = _document_storage()
            transaction.on_commit(lambda: [storage.delete(name) for name in work.replaced])
        self.written.setdefault(model, set()).add(page.pk)
        return "updated"

    def _create(self, record, model, data, themes, audiences, now, work):
        parent = self.parents[TYPES[record.type][1]]
        document = HubDocument(collection_id=self.root_collection_id)
        document = self._store_document(document, record, data, work)
        page = model(
            slug=record.slug,
            body=record.body_blocks(),
            live=True,
            first_published_at=now,
            last_published_at=now,
            locale_id=parent.locale_id,
            **self._fields(record),
        )
        if model is BonnePratiquePage:  # not in the catalogue: derived once, moderators can correct them
            page.structure_name, page.structure_type = guess_structure(record)
            page.region = guess_region(record)
        if model is OutilPage:
            page.tool_kind = "modele"
            page.tool_file = document
        self.children[TYPES[record.type][1]].add(page)
        # Child rows in bulk rather than through the page's cluster (one INSERT each).
        ResourceTheme.objects.bulk_create([ResourceTheme(content_object_id=page.pk, tag=t) for t in themes])
        ResourceAudience.objects.bulk_create([ResourceAudience(content_object_id=page.pk, tag=t) for t in audiences])
        if model is not OutilPage:
            ResourceDocument.objects.create(page_id=page.pk, document=document, sort_order=0)
        if model is KitPage and record.components:
            self._set_components(page, record)
        work.page_id = page.pk
        self.written.setdefault(model, set()).add(page.pk)
        return "created"
