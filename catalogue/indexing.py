"""The search and reference indexes, written in bulk once the import has saved its pages.

During the import the per-save handlers are paused (`search_auto_update_paused()`,
Wagtail's `disable_reference_index_auto_update()`). The resource index gets each page
from its own line's transaction (`record_line()`: an update_index row that commits with the
line, so a killed import leaves no committed page unindexed); Wagtail's database search index
and the reference index get what was written here, at the end.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex

from core.background import defers

INDEX_CHUNK = 500


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


def record_line(page_id):
    """The page's resource index update, in the line's transaction. Visible at once with the
    immediate backend (tests, like a publish); in the worker, within the index's refresh interval."""
    from search.indexing.sync import record
    from search.tasks import update_index

    record({page_id}, refresh=not defers(update_index))


def unindexed(pages_by_model):
    """{model: {pk}} of these pages that Wagtail's search index or the reference index lacks:
    what a killed import committed and never indexed in bulk."""
    from wagtail.search.models import IndexEntry

    missing = {}
    for model, pks in pages_by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        base = ContentType.objects.get_for_model((model, *model._meta.get_parent_list())[-1], for_concrete_model=False)
        keys = [str(pk) for pk in pks]
        searched, referenced = set(), set()
        for start in range(0, len(keys), INDEX_CHUNK):
            chunk = keys[start : start + INDEX_CHUNK]
            searched.update(
                IndexEntry.objects.filter(content_type=content_type, object_id__in=chunk).values_list(
                    "object_id", flat=True
                )
            )
            referenced.update(
                ReferenceIndex.objects.filter(base_content_type=base, object_id__in=chunk).values_list(
                    "object_id", flat=True
                )
            )
        left_out = {pk for pk in pks if str(pk) not in searched or str(pk) not in referenced}
        if left_out:
            missing[model] = left_out
    return missing


def index_in_bulk(objects_by_model):
    """Index {model: {pk, ...}} in every auto-updated search backend but the resource index
    (`record_line()`), INDEX_CHUNK objects at a time."""
    from search.indexing.wagtail_backend import ResourceIndexBridge

    backends = [b for b in get_search_backends(with_auto_update=True) if not isinstance(b, ResourceIndexBridge)]
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
