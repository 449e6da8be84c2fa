"""Recent results kept in each worker, for SEARCH_RESULT_CACHE_SECONDS, under the content version.

Every write to the search indexes goes through search.indexing.wagtail_backend, which moves the
version (core.content_version.bump) once the write is visible: a publish shows in the next search.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from core import content_version


def result_key(params, exclude_ids, route, version):
    shape = (
        params.q,
        sorted((name, sorted(values)) for name, values in params.filters.items() if values),
        params.sort,
        params.page,
        sorted(exclude_ids),
        route,
    )
    digest = hashlib.sha1(repr(shape).encode()).hexdigest()
    return f"search:{version}:{digest}"


class CachedBackend:
    """A Backend that answers a search from this worker's cache when the same search ran lately.

    The key carries the backend that should answer now (`inner.route`): the fallback's answers
    and the engine's are kept apart, and an answer the fallback gave because the engine just
    failed is not kept (the engine may be back before it would expire). It also carries the
    version validate() read (the middleware, once a request): none read, none kept.
    Suggestions (autocomplete) are not kept: they are asked as a person types.
    """

    name = "cached"

    def __init__(self, inner):
        self.inner = inner

    def search(self, params, exclude_ids=()):
        ttl = getattr(settings, "SEARCH_RESULT_CACHE_SECONDS", 0)
        version = content_version.current()
        if ttl <= 0 or version is None:
            return self.inner.search(params, exclude_ids)
        route = getattr(self.inner, "route", self.inner.name)
        store = caches["search"]
        key = result_key(params, exclude_ids, route, version)
        result = store.get(key)
        if result is None:
            result = self.inner.search(params, exclude_ids)
            if result.backend == route:
                store.set(key, result, ttl)
        return result

    def suggest(self, q, size=8):
        return self.inner.suggest(q, size)
