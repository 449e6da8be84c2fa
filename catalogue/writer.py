"""Write a catalogue as live Wagtail pages, each with its main document, in one transaction per line.

- Idempotent on `slug`: a resource that already exists is updated in place
  (fields, themes, audiences, document). A slug that exists with another type is
  an error for that line: changing a type would mean deleting a page and
  everything that points at it, which an import should not do silently.
- Documents: the PDFs are generated in worker processes (`pdfs.py`) while
  the main process writes pages. On an update, the PDF is only regenerated when
  what it shows changed (title, summary, body, page count); the document row is
  kept and its file replaced, the old file is deleted once the line committed.
- Nothing half-made: a line that fails rolls back its transaction and deletes
  any file it already stored.
- Search: the per-save indexing signal is paused during the import; each line's
  transaction records its page's resource index update (search.tasks.update_index, applied
  by the worker), and Wagtail's search and reference indexes are written in bulk at the end
  (`indexing.py`); a rerun also writes there the unchanged pages a killed run left out.
- Pages are saved live without a revision (Wagtail treats the live page as the
  latest version); a page that already has revisions gets a new published one.
- The types come from `registry.py`, which reads the page classes (publications.resource_types).
"""

import os
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Collection
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.pdftext import remember_texts
from core.site_tree import ensure_site_tree
from publications.models import (
    Audience,
    HubDocument,
    KitPage,
    OutilPage,
    ResourceAudience,
    ResourceDocument,
    ResourceTheme,
    Theme,
)
from search.indexing import record

from . import pdfs, registry
from .indexing import index_in_bulk, index_references, record_line, search_auto_update_paused, unindexed
from .kits import KitComponents
from .planning import Planning, document_storage
from .records import LineError, read_catalogue
from .tree import Children


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
class _LineWork:
    """What one line's transaction did, for afterwards: kept if it commits, undone if not."""

    stored: list = field(default_factory=list)  # files written (deleted again on a rollback)
    replaced: list = field(default_factory=list)  # files superseded (deleted once committed)
    new_tags: list = field(default_factory=list)  # (model, tag) created
    texts: dict = field(default_factory=dict)  # document -> the text of its generated PDF
    page_id: int | None = None  # the page written


class CatalogueImporter(KitComponents, Planning):
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
        self.unchanged = {}  # model -> {pk}: the pages of unchanged lines

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
        self.parent_keys = {kind.name: kind.parent_key(self.parents) for kind in registry.types()}
        self.children = {key: Children(self.parents[key]) for key in set(self.parent_keys.values())}
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
                closing(pdfs.with_pdfs(plans, self.jobs)) as made,  # stops the workers however the loop ends
            ):
                for plan, data in made:
                    try:
                        self._write(plan, data)
                    except LineError as error:
                        with bar.external_write_mode():
                            self._reject(error)
                    bar.update(1)
        finally:
            bar.close()
            self._left_out_by_a_killed_run()
            index_in_bulk(self.written)
            index_references(self.written)
        self.result.errors.sort(key=lambda error: error.line)
        return self.result

    def _left_out_by_a_killed_run(self):
        """Unchanged pages that a killed import committed but never bulk-indexed (Wagtail's search
        index, the reference index): written again, with their main document."""
        missing = unindexed(self.unchanged)
        if not missing:
            return
        for model, pks in missing.items():
            self.written.setdefault(model, set()).update(pks)
            documents = self._current_documents(sorted(pks))
            self.written.setdefault(HubDocument, set()).update(document.pk for document in documents.values())
            record(pks)  # and the resource index, had a record been lost

    # Writing one line, in its own transaction.

    def _write(self, plan, data):
        record = plan.record
        if isinstance(data, Exception):
            raise LineError(record.line, f"génération du PDF impossible ({data})")
        work = _LineWork()
        try:
            with transaction.atomic():
                outcome = self._save(plan, data, work)
                remember_texts(work.texts)  # the worker indexing the page reads them, not the PDF
                if work.page_id:
                    record_line(work.page_id)
        except Exception as exc:
            for name in work.stored:  # the transaction is rolled back: so are the files it stored
                document_storage().delete(name)
            for children in self.children.values():
                children.reset()
            raise LineError(record.line, self._describe(exc)) from exc
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
            storage = document_storage()
            transaction.on_commit(lambda: [storage.delete(name) for name in work.replaced])
        self.written.setdefault(model, set()).add(page.pk)
        return "updated"

    def _create(self, record, model, data, themes, audiences, now, work):
        parent = self.parents[self.parent_keys[record.type]]
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
        prepare = registry.get(record.type).prepare
        if prepare is not None:  # fields the catalogue does not carry
            prepare(page, record)
        if model is OutilPage:
            page.tool_kind = "modele"
            page.tool_file = document
        self.children[self.parent_keys[record.type]].add(page)
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
