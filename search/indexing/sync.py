"""Keep the resource index true.

Every change enqueues `search.tasks.update_index(page_ids)` in its own transaction
(`record()`), and the worker applies it with `sync(page_ids)`: it reloads those pages
from the database and indexes the live public ones, deleting the others. Wagtail's own
search signals record through `search.indexing.wagtail_backend` (saves, publish,
unpublish, delete); `search.indexing.signals` adds page moves (URLs change), view
restrictions, collection privacy and document replacement (PDF text changes); the
catalogue import records each line's page in the line's transaction.
"""

import datetime
import logging
import time

from django.conf import settings

from core.pdftext import texts_for
from publications.models import HubDocument, ResourceDocument, ResourcePage
from publications.models.resource import tag_rows
from publications.privacy import Privacy

from .. import facets
from .documents import (
    CONTENT_HASH,
    all_text_field,
    build_doc,
    content_hash,
    content_hash_field,
    index_body,
    page_documents,
)
from .transport import INDEX_TIMEOUT, alias_name, engine_configured, transport

logger = logging.getLogger("search")

_ensured = set()


def live_pages(ids=None):
    qs = ResourcePage.objects.live().public()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    rows = (tag_rows("theme_items"), tag_rows("audience_items"), "documents__document")
    return qs.prefetch_related(*rows).order_by("pk")


def actions_for(pages, index, version=None):
    """Index actions for live pages, each document with its content_hash. `version`: an external
    version (nanoseconds taken before the pages were read): the engine keeps the newest read."""
    pages = list(pages)
    privacy = Privacy.compute()  # once for the batch, afresh: it runs in the transaction that changes it
    documents = {page.pk: page_documents(page, privacy) for page in pages}
    texts = texts_for([document for page_documents_ in documents.values() for document in page_documents_])
    for page in pages:
        source = build_doc(page, texts, documents[page.pk])
        source[CONTENT_HASH] = content_hash(source)
        yield {"_index": index, "_id": str(page.pk), "_source": source, **versioned(version)}


def versioned(version):
    return {} if version is None else {"_version": version, "_version_type": "external"}


def new_version():
    """Taken before the database read: of two workers applying the same page, the later read wins,
    whichever writes last (the engine answers 409 to the older one, ignored in bulk_write)."""
    return time.time_ns()


def new_index_name():
    return f"{alias_name()}-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"


def ensure_index(timeout=None):
    """Create the first index behind the alias when there is none (never let the engine auto-create one);
    add the fields an older index lacks (content_hash, all_text.fuzzy, a new facet's: its documents are filled in
    by the index check, their content_hash being stale, see documents.MAPPING_VERSION)."""
    key = (settings.SEARCH_URL, alias_name())
    if key in _ensured:
        return
    t = transport()
    if not t.indices_for_alias(alias_name()):
        name = new_index_name()
        t.create_index(name, index_body())
        t.update_aliases([{"add": {"index": name, "alias": alias_name()}}])
    else:
        fields = {CONTENT_HASH: content_hash_field().to_dict(), "all_text": all_text_field().to_dict()}
        fields.update({facet.field: facet.mapping().to_dict() for facet in facets.all()})  # an app's new facet
        t.put_mapping(alias_name(), {"properties": fields}, timeout=timeout)
    _ensured.add(key)


def mark_ensured(alias):
    _ensured.add((settings.SEARCH_URL, alias))


def forget_ensured():
    _ensured.clear()


def sync(ids, refresh=True, timeout=None):
    """Index the live public pages among `ids`, delete the others from the index; return how many
    were indexed. Raises on an engine failure (search.tasks.update_index retries it).
    refresh: visible to the next search when it returns (wagtail_backend.py then drops cached results).
    timeout: seconds per request, settings.SEARCH_WRITE_TIMEOUT by default."""
    ids = {int(pk) for pk in ids}
    if not ids or not engine_configured():
        return 0
    timeout = timeout or settings.SEARCH_WRITE_TIMEOUT
    ensure_index(timeout=timeout)
    alias = alias_name()
    version = new_version()
    found = {int(action["_id"]): action for action in actions_for(live_pages(ids), alias, version)}
    deletes = [
        {"_op_type": "delete", "_index": alias, "_id": str(pk), **versioned(version)} for pk in ids - found.keys()
    ]
    bulk_write(list(found.values()) + deletes, refresh=refresh, timeout=timeout)
    return len(found)


# 404: deleting what was not there; 409: a newer version is already there (external versioning).
IGNORED_STATUSES = {404, 409}


def bulk_write(actions, refresh, threads=1, timeout=INDEX_TIMEOUT):
    errors = transport().bulk(actions, refresh=refresh, threads=threads, timeout=timeout)
    errors = [e for e in errors if next(iter(e.values())).get("status") not in IGNORED_STATUSES]
    if errors:
        raise RuntimeError(f"bulk errors: {errors[:3]}")


def record(ids, refresh=True):
    """Enqueue the index update of these pages, in the caller's transaction: it commits, or rolls
    back, with the change. With the immediate backend (tests) it runs here and never raises."""
    ids = sorted({int(pk) for pk in ids})
    if not ids or not engine_configured():
        return None
    from search.tasks import update_index

    return update_index.enqueue(ids, refresh=refresh)


def pages_for_object(obj):
    """Ids of the resource pages whose index document depends on obj."""
    if isinstance(obj, ResourcePage):
        return {obj.pk}
    if isinstance(obj, HubDocument):
        return set(ResourceDocument.objects.filter(document=obj).values_list("page_id", flat=True))
    from publications.models import Audience, Theme

    if isinstance(obj, Theme):
        return set(obj.tagged_resources.values_list("content_object_id", flat=True))
    if isinstance(obj, Audience):
        return set(obj.tagged_resources.values_list("content_object_id", flat=True))
    return set()
