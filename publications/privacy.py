"""Who may download a document, on Wagtail's own view restrictions.

A document is private when
- its collection, or a parent collection, has a view restriction (Wagtail's collection privacy,
  CollectionViewRestriction), or
- it is used by a page under a view restriction (PageViewRestriction on the page or an ancestor),
  live or not, and by no live public page: a public page publishes what it uses, so a document
  both pages use is public. "Used" is what Wagtail's ReferenceIndex records from the page's live
  content: the documents list, a tool file, slides, a kit component, a StreamField block, a rich
  text link.

A visitor who passes the collection's restrictions, and those of one restricted page using the
document (Wagtail's `accept_request`), may download it and sees it listed (`may_download`). The
shared channels (API, JSON-LD, the search index, the ZIP of a public kit) carry public documents
only (`is_public`). Wagtail's serve view checks the collection (its own `before_serve_document`
hook); the hook in wagtail_hooks.py adds the pages.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from core import content_version


def _inside(paths, prefix=""):
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def sections_of(path, private_paths):
    """The private sections (paths of restricted pages) a page path lies in, itself included."""
    return tuple(sorted(section for section in private_paths if path.startswith(section)))


@dataclass
class Privacy:
    """What is private now. Picklable: kept in the page memo under the content version."""

    restricted_collections: frozenset = frozenset()
    # document id -> ((id of a restricted page using it, that page's private sections), ...),
    # one entry per distinct set of sections: passing one set's restrictions is enough.
    page_uses: dict = field(default_factory=dict)

    @classmethod
    def compute(cls):
        from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex

        from core.models.base import private_section_paths

        from .models import HubDocument

        restricted_paths = list(
            Collection.objects.filter(pk__in=CollectionViewRestriction.objects.values("collection_id")).values_list(
                "path", flat=True
            )
        )
        collections = frozenset(
            Collection.objects.filter(_inside(restricted_paths)).values_list("pk", flat=True)
            if restricted_paths
            else ()
        )
        sections = private_section_paths()
        if not sections:
            return cls(collections, {})

        inside = _inside(sections)
        as_text = Cast("pk", output_field=CharField())
        restricted_pages = Page.objects.filter(inside).values_list(as_text, flat=True)
        public_pages = Page.objects.live().exclude(inside).values_list(as_text, flat=True)
        references = ReferenceIndex.objects.filter(
            base_content_type=ReferenceIndex._get_base_content_type(Page),
            to_content_type=ReferenceIndex._get_base_content_type(HubDocument),
        )
        used = references.filter(object_id__in=restricted_pages)
        published = set(
            references.filter(to_object_id__in=used.values("to_object_id"), object_id__in=public_pages).values_list(
                "to_object_id", flat=True
            )
        )
        uses = {}
        rows = list(used.exclude(to_object_id__in=published).values_list("to_object_id", "object_id"))
        page_ids = {int(page_id) for _, page_id in rows}
        paths = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "path")) if page_ids else {}
        for document_id, page_id in sorted(rows, key=lambda row: (int(row[0]), int(row[1]))):
            page_id = int(page_id)
            entry = (page_id, sections_of(paths[page_id], sections))
            known = uses.setdefault(int(document_id), [])
            if all(entry[1] != other[1] for other in known):
                known.append(entry)
        return cls(collections, {document_id: tuple(entries) for document_id, entries in uses.items()})

    # --- the same answer for everyone: shared channels -----------------------------------------

    def is_public(self, document):
        return document.collection_id not in self.restricted_collections and document.pk not in self.page_uses

    def shown_with(self, document, sections):
        """Whether whoever may see a page in these private sections may download the document:
        the ZIP of a restricted kit holds what every visitor of that kit may open."""
        if document.collection_id in self.restricted_collections:
            return False
        uses = self.page_uses.get(document.pk)
        return uses is None or any(set(used).issubset(sections) for _, used in uses)

    # --- per visitor: file URL and page listings ------------------------------------------------

    def may_download(self, document, request):
        if document.collection_id in self.restricted_collections:
            if any(not r.accept_request(request) for r in document.collection.get_view_restrictions()):
                return False
        uses = self.page_uses.get(document.pk)
        return uses is None or any(passes(sections, request) for _, sections in uses)

    def refusing_page(self, document, request):
        """A restricted page using the document whose restrictions this visitor fails (None if
        they pass one): the file URL answers as that page would (Wagtail's login or password form)."""
        uses = self.page_uses.get(document.pk)
        if not uses or any(passes(sections, request) for _, sections in uses):
            return None
        return uses[0][0]


def restrictions_of(sections, request=None):
    """Wagtail's view restrictions on these private sections, read once a request."""
    from wagtail.models import PageViewRestriction

    if not sections:
        return []
    store = getattr(request, "_hub_section_restrictions", None) if request is not None else None
    if store is not None and sections in store:
        return store[sections]
    found = list(PageViewRestriction.objects.filter(page__path__in=sections).prefetch_related("groups"))
    if request is not None:
        if store is None:
            store = request._hub_section_restrictions = {}
        store[sections] = found
    return found


def passes(sections, request):
    """Whether the visitor passes every restriction of these sections, as Wagtail's page serve asks."""
    return all(restriction.accept_request(request) for restriction in restrictions_of(sections, request))


def current(request=None):
    """The privacy now: kept under the content version, and once on the request."""
    if request is not None and hasattr(request, "_hub_privacy"):
        return request._hub_privacy
    privacy = content_version.memo("document-privacy", Privacy.compute, switchable=False)
    if request is not None:
        request._hub_privacy = privacy
    return privacy


def may_view_page(page, request):
    """Whether the visitor passes the view restrictions of the page's private sections."""
    from core.models.base import private_sections

    return passes(sections_of(page.path, private_sections()), request)
