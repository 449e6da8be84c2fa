"""A Wagtail search backend that only forwards index updates to the resource index.

Registered in WAGTAILSEARCH_BACKENDS as "resources" with AUTO_UPDATE, it
receives what Wagtail's signal handlers and bulk indexing send (every save,
publish, unpublish and delete) and records them (`search.indexing.sync.record()`:
a `search.tasks.update_index` row in the change's transaction, applied by the worker,
which then drops cached results), and drops every worker's cached search results
at once for the database fallback (`core.content_version.bump()`). It never
answers searches: the site's search goes through `search.backends` (its own
protocol, not Wagtail's backend API).
"""

from modelsearch.backends.base import BaseSearchBackend


def _record(page_ids):
    from core import content_version

    from .sync import record

    if page_ids:
        record(page_ids)  # the engine never holds up the change: the worker applies it
        content_version.bump()


class ResourceIndexBridge(BaseSearchBackend):
    rebuilder_class = None
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)

    def add(self, obj):
        from .sync import pages_for_object

        _record(pages_for_object(obj))

    def add_bulk(self, model, obj_list):
        from .sync import pages_for_object

        ids = set()
        for obj in obj_list:
            ids |= pages_for_object(obj)
        _record(ids)

    def delete(self, obj):
        from publications.models import ResourcePage

        if isinstance(obj, ResourcePage):
            _record({obj.pk})  # gone from the database: deleted from the index

    def refresh_indexes(self):
        pass

    def reset_indexes(self):
        pass

    def search(self, *args, **kwargs):
        raise NotImplementedError("The resource index is queried through search.backends.get_backend().")

    autocomplete = search


SearchBackend = ResourceIndexBridge
