"""Planning: match records with existing pages, in a few queries per 500 lines."""

from dataclasses import dataclass

from django.utils.text import slugify

from publications.models import (
    Audience,
    HubDocument,
    OutilPage,
    ResourceAudience,
    ResourceDocument,
    ResourcePage,
    ResourceTheme,
    Theme,
)

from .records import LineError, Record, paragraph_html


def document_storage():
    return HubDocument._meta.get_field("file").storage


@dataclass
class Plan:
    record: Record
    page_id: int | None = None  # the existing page to update
    needs_pdf: bool = True


class Planning:
    """What each line will do, and the tags it names (a mixin of `CatalogueImporter`)."""

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
                parent = self.parents[self.parent_keys[record.type]]
                candidates = existing.get(record.slug, [])
                candidates.sort(key=lambda page: not page.path.startswith(parent.path))  # under its parent first
                if not candidates:
                    plans.append(Plan(record))
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
                    self.unchanged.setdefault(record.model, set()).add(page.pk)
                    continue
                plans.append(Plan(record, page.pk, needs_pdf=not pdf_current))
        return plans

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
