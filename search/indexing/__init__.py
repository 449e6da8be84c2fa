"""The resource index: what goes in it and how it stays true.

- `documents`: the index settings and mapping (elasticsearch-dsl) and the document built from a page;
  `analysis`: the French analysers the mapping names;
- `transport`: the engine's Python client behind one small adapter, the index alias, `transport()`;
- `sync`: `record(page_ids)`, called on every change, enqueues `search.tasks.update_index` in the
  change's transaction; the worker applies it with `sync(page_ids)`; `ensure_index()` creates the first index;
- `wagtail_backend`: the Wagtail search backend registered as "resources", which turns Wagtail's
  index signals into `record()` (it answers no search: the site's search is `search.backends`);
- `signals`: the changes Wagtail's index signals do not cover (moves, view restrictions, collections);
- `rebuild`: a new index behind the alias, swapped atomically;
- `check`: the index against the live public resources (`manage.py search_index_check`, search.tasks.check_index).
"""

from .rebuild import rebuild
from .sync import ensure_index, forget_ensured, pages_for_object, record, sync
from .transport import alias_name, engine_configured, transport

__all__ = [
    "alias_name",
    "engine_configured",
    "ensure_index",
    "forget_ensured",
    "pages_for_object",
    "rebuild",
    "record",
    "sync",
    "transport",
]
