"""The content version: one number in the database that every per-process cache is kept under.

- values every request reads (theme and audience labels, synonym groups, promoted queries:
  `cached()`) are kept in each worker, tagged with the version stored in the database
  (`CacheVersion`). Saving or deleting a model an app declares with `watch()` (in its
  `apps.py`) bumps it, so one small read per request (`validate()`, the middleware) tells
  every worker whether to reload: an edit still applies to the next request.
  Bulk updates that bypass signals (`QuerySet.update`, `bulk_create`) need `bump()`,
  or they show up after a restart.
- what pages derive from content (the Wagtail site of a host name, related resources,
  listing counts, the home page's cards: `memo()`) is kept in the "pages" cache under the
  same version, which also moves on every page publish, unpublish, move and deletion, on
  page and collection view restrictions, collections, sites and images (`connect()`), and on
  a page saved whole inside a private section (its documents become private). The version
  is written in the transaction that changes the content, so a worker never reads a new
  version with old content: what a page shows is exact, not delayed. PAGE_MEMO = False
  (env PAGE_MEMO=0) computes the pages' part on every request (the site stays kept).
- other caches (search results: search/backends/cached.py) key their entries with `current()`.
"""

import threading

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.db.models.signals import post_delete, post_save

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


def current():
    """The version validate() read in this worker, None when none was read (nothing may be kept)."""
    return _state["version"]


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


def watch(*models):
    """Bump the version whenever one of these models is saved or deleted.

    Each app calls it in its AppConfig.ready() for its own models that pages or searches read
    (labels, synonyms...): core then needs to know none of them.
    """
    for model in models:
        uid = f"content_version.{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete")


def _bump_for_page(sender, instance=None, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump()


def _bump_for_private_page_save(sender, instance=None, update_fields=None, raw=False, **kwargs):
    """A page saved whole (not a draft's few fields) inside a private section may use new documents,
    which makes them private (publications.privacy) without a publish: move the version then too."""
    from wagtail.models import Page

    from .models.base import private_sections

    if raw or update_fields is not None or not isinstance(instance, Page) or not instance.path:
        return
    if any(instance.path.startswith(path) for path in private_sections()):
        bump()


def connect():
    """Wagtail's own models and page events (CoreConfig.ready); apps add theirs with watch()."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    watch(Site, get_image_model())
    # What is private: sections, collections (publications.privacy keeps both under the version).
    watch(PageViewRestriction, CollectionViewRestriction, Collection)
    # Any page, not only resources: the home page's featured kits, the news, the tree.
    page_published.connect(bump, dispatch_uid="content_version.page_published")
    page_unpublished.connect(bump, dispatch_uid="content_version.page_unpublished")
    post_page_move.connect(bump, dispatch_uid="content_version.page_moved")
    post_delete.connect(_bump_for_page, dispatch_uid="content_version.page_deleted")
    post_save.connect(_bump_for_private_page_save, dispatch_uid="content_version.private_page_saved")
