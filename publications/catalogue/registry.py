"""The resource types a catalogue may hold, registered by the app that owns each page class.

Each app calls `register()` from its `AppConfig.ready()`, so the importer knows the
types without importing the apps that define them. What the page class already
says is not repeated here: the type name is its `catalogue_type` (or its `kind_key`),
and its parent in the site tree is the section its `parent_page_types` allow.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CatalogueType:
    name: str  # the catalogue's `type`
    page_class: type
    prepare: Callable | None = None  # (page, record): fields the catalogue does not carry, set on creation

    def parent_key(self, site_tree):
        """The key, in `ensure_site_tree()`'s dict, of the section new pages of this type go under."""
        allowed = tuple(self.page_class.allowed_parent_page_models())
        for key, page in site_tree.items():
            if isinstance(page, allowed):
                return key
        raise ImproperlyConfigured(f"no section of the site tree can hold {self.page_class.__name__} pages")


_types = {}


def register(page_class, name=None, *, prepare=None):
    """Make `page_class` importable under `name` (default: its `catalogue_type`, else its `kind_key`)."""
    name = name or getattr(page_class, "catalogue_type", None) or page_class.kind_key
    known = _types.get(name)
    if known is not None and known.page_class is not page_class:
        raise ImproperlyConfigured(f"catalogue type {name!r} is already {known.page_class.__name__}")
    _types[name] = CatalogueType(name, page_class, prepare)
    return page_class


def get(name):
    """The registered type called `name`; KeyError if there is none."""
    return _types[name]


def names():
    """The registered type names, in registration order (the apps' order in INSTALLED_APPS)."""
    return tuple(_types)


def types():
    return tuple(_types.values())
