"""Per-process caches for what every search reads, and the query log written in batches.

A search used to cost 4-6 database queries before the engine was even asked:
theme and audience labels (2), synonym groups (1), search promotions (1) and the
query log (1-3 writes, serialised by SQLite across workers). Now:

- labels, synonym groups and the set of promoted query strings are kept in each
  worker, tagged with a version number stored in the database (`CacheVersion`).
  Saving or deleting a theme, an audience, a synonym or a search promotion bumps
  it (signals below), so one small read per request (`validate()`) tells every
  worker whether to reload: an edit still applies to the next search.
  Bulk updates that bypass signals (`QuerySet.update`, `bulk_create`) need
  `bump()`, or they show up after a restart.
- search results (the backend's answer for one set of parameters) are kept in
  each worker for SEARCH_RESULT_CACHE_SECONDS under the same version
  (`search.backends.cached`). Every write to the search indexes goes through
  `search.indexing.wagtail_backend`, which bumps the version once the write is
  visible: a publish shows in the next search.
- what pages derive from content (the Wagtail site of a host name, related
  resources, listing counts, the home page's cards: `memo()`) is kept in the "pages" cache under
  the same version, which also moves on every page publish, unpublish, move and
  deletion, on page and collection view restrictions, collections, sites and images, and on a
  page saved whole inside a private section (its documents become private). The version is written in the
  transaction that changes the content, so a worker never reads a new version
  with old content: what a page shows is exact, not delayed. PAGE_MEMO = False
  (env PAGE_MEMO=0) computes the pages' part on every request (the site stays kept).
- the query log is counted in memory and written in batches (`search.querylog`).
"""

import logging
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger("search")

_lock = threading.Lock()
_state = {"version": None, "values": {}}


def read_version():
    """One primary-key read, without the ORM: every page request makes it (0.04 ms, the ORM 0.5)."""
    from .models import CacheVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {connection.ops.quote_name(CacheVersion._meta.db_table)} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def validate():
    """One small query: drop what was cached under an older version."""
    version = read_version()
    with _lock:
        if version != _state["version"]:
            _state["values"] = {}
            _state["version"] = version


def cached(name, loader):
    values = _state["values"]
    if name not in values:
        values[name] = loader()
    return values[name]


_MISSING = object()


def memo(name, loader, keep_none=True, switchable=True):
    """loader(), kept in the "pages" cache under the version validate() read.

    The cache pickles: each request gets its own copy of the pages it hands out.
    keep_none=False for names a visitor chooses (URLs): a None answer is not kept.
    switchable=False for what is not page content (the site): kept even when PAGE_MEMO is off.
    """
    if (switchable and not getattr(settings, "PAGE_MEMO", True)) or _state["version"] is None:
        return loader()
    store = caches["pages"]
    key = f"{_state['version']}:{name}"
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = loader()
        if value is not None or keep_none:
            store.set(key, value)
    return value


def current_version():
    """The version validate() read for this request (None: none read)."""
    return _state["version"]


def clear():
    with _lock:
        _state["values"] = {}
        _state["version"] = None


def bump(**kwargs):
    """Tell every worker to reload (signal receiver, or call it after a bulk update)."""
    from .models import CacheVersion

    if not CacheVersion.objects.filter(pk=1).update(value=F("value") + 1):
        CacheVersion.objects.get_or_create(pk=1, defaults={"value": 1})
    clear()


def _bump_for_page(sender, instance=None, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump()


def _bump_for_private_page_save(sender, instance=None, update_fields=None, raw=False, **kwargs):
    """A page saved whole (not a draft's few fields) inside a private section may use new documents,
    which makes them private (publications.privacy) without a publish: move the version then too."""
    from wagtail.models import Page

    from home.models.base import private_sections

    if raw or update_fields is not None or not isinstance(instance, Page) or not instance.path:
        return
    if any(instance.path.startswith(path) for path in private_sections()):
        bump()


def connect():
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from publications.models import Audience, Theme

    from .models import Synonym

    models = (Theme, Audience, Synonym, SearchPromotion, Site, get_image_model())
    # What is private: sections, collections (publications.privacy keeps both under the version).
    models += (PageViewRestriction, CollectionViewRestriction, Collection)
    for model in models:
        uid = f"search.cache.{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete")
    # Any page, not only resources: the home page's featured kits, the news, the tree.
    page_published.connect(bump, dispatch_uid="search.cache.page_published")
    page_unpublished.connect(bump, dispatch_uid="search.cache.page_unpublished")
    post_page_move.connect(bump, dispatch_uid="search.cache.page_moved")
    post_delete.connect(_bump_for_page, dispatch_uid="search.cache.page_deleted")
    post_save.connect(_bump_for_private_page_save, dispatch_uid="search.cache.private_page_saved")
