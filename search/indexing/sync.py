"""Keep the resource index true.

Every change reaches `sync(page_ids)`: it reloads those pages from the
database and indexes the live public ones, deleting the others. Wagtail's
own search signals call it through `search.indexing.wagtail_backend` (saves,
publish, unpublish, delete, the importer's bulk indexing); `search.indexing.signals`
adds page moves (URLs change) and document replacement (PDF text changes).
"""

import datetime
import logging

from django.conf import settings

from core.pdftext import texts_for
from publications.models import HubDocument, ResourceDocument, ResourcePage
from publications.models.resource import tag_rows
from publications.privacy import Privacy

from .documents import build_doc, index_body, page_documents
from .transport import alias_name, engine_configured, transport

logger = logging.getLogger("search")

_ensured = set()


def live_pages(ids=None):
    qs = ResourcePage.objects.live().public()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    rows = (tag_rows("theme_items"), tag_rows("audience_items"), "documents__document")
    return qs.prefetch_related(*rows).order_by("pk")


def actions_for(pages, index):
    pages = list(pages)
    privacy = Privacy.compute()  # once for the batch, afresh: it runs in the transaction that changes it
    documents = {page.pk: page_documents(page, privacy) for page in pages}
    texts = texts_for([document for page_documents_ in documents.values() for document in page_documents_])
    for page in pages:
        yield {"_index": index, "_id": str(page.pk), "_source": build_doc(page, texts, documents[page.pk])}


def new_index_name():
    return f"{alias_name()}-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"


def ensure_index():
    """Create the first index behind the alias when there is none (never let the engine auto-create one)."""
    key = (settings.SEARCH_URL, alias_name())
    if key in _ensured:
        return
    t = transport()
    if not t.indices_for_alias(alias_name()):
        name = new_index_name()
        t.create_index(name, index_body())
        t.update_aliases([{"add": {"index": name, "alias": alias_name()}}])
    _ensured.add(key)


def mark_ensured(alias):
    _ensured.add((settings.SEARCH_URL, alias))


def forget_ensured():
    _ensured.clear()


def sync(ids):
    """Index the live public pages among `ids`, delete the others from the index. Never raises."""
    ids = {int(pk) for pk in ids}
    if not ids or not engine_configured():
        return
    try:
        ensure_index()
        alias = alias_name()
        found = {}
        for action in actions_for(live_pages(ids), alias):
            found[int(action["_id"])] = action
        deletes = [{"_op_type": "delete", "_index": alias, "_id": str(pk)} for pk in ids - found.keys()]
        # Visible at once: the next search must see it (wagtail_backend.py then drops cached results).
        bulk_write(list(found.values()) + deletes, refresh=True)
    except Exception:  # noqa: BLE001 - an editor's publish must never fail because of the index
        logger.exception("Search index update failed for pages %s", sorted(ids))


def bulk_write(actions, refresh, threads=1):
    errors = transport().bulk(actions, refresh=refresh, threads=threads)
    errors = [e for e in errors if next(iter(e.values())).get("status") != 404]  # deleting what was not there
    if errors:
        raise RuntimeError(f"bulk errors: {errors[:3]}")


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
