"""The site's search: one Backend (search.backends.base.Backend) answers the views.

`get_backend()` gives the configured stack:
    CachedBackend(FallbackBackend(EngineBackend, DatabaseBackend))
the result cache outside, then the breaker and the fallback, then the engine and the
database, which only search. Wagtail's search backends are another thing: the resource
index's Wagtail side is search.indexing.wagtail_backend.
"""

from ..indexing.transport import engine_configured
from .base import Backend, SearchResult
from .cached import CachedBackend
from .database import DatabaseBackend
from .fallback import FallbackBackend, reset_breaker

__all__ = [
    "Backend",
    "SearchResult",
    "engine_configured",
    "get_backend",
    "reset_breaker",
]


def engine_backend():
    from .engine import EngineBackend  # the engine's clients are imported only when it is tried

    return EngineBackend()


def get_backend() -> Backend:
    """The configured stack; cheap to build (the engine's client is built once per URL)."""
    return CachedBackend(FallbackBackend(engine=engine_backend, fallback=DatabaseBackend()))
