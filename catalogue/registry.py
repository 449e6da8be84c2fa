"""The resource types a catalogue may hold: the resource type registry, read through the catalogue's eyes.

The importer knows no page class by itself (so it imports no content app by name): the types are
`publications.resource_types.resource_types()`, the page classes themselves. What a class says
is not repeated here:

- its name in the catalogue is its `catalogue_type` if it has one, else its `kind_key`;
- `prepare_import(page, record)`, if the class defines it, sets on a page the import creates
  the fields the catalogue does not carry;
- the section new pages go under is the page of `ensure_site_tree()` its `parent_page_types` allow.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from publications.resource_types import resource_types


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


def catalogue_name(page_class):
    return getattr(page_class, "catalogue_type", None) or page_class.kind_key


_built = {}


def _types():
    current = resource_types()
    if _built.get("from") is not current:
        _built.update(types=_by_name(current), **{"from": current})
    return _built["types"]


def _by_name(page_classes):
    found = {}
    for page_class in page_classes:
        name = catalogue_name(page_class)
        if name in found:
            raise ImproperlyConfigured(f"catalogue type {name!r} is already {found[name].page_class.__name__}")
        found[name] = CatalogueType(name, page_class, getattr(page_class, "prepare_import", None))
    return found


def get(name):
    """The type called `name`; KeyError if there is none."""
    return _types()[name]


def names():
    """The type names, in the type registry's order (the apps' order in INSTALLED_APPS)."""
    return tuple(_types())


def types():
    return tuple(_types().values())
