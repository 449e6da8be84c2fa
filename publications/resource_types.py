"""The resource types, read from the page classes themselves.

A resource type is a concrete page class under `ResourcePage` that sets a `kind_key`, found in
Wagtail's page model registry (`get_page_models()`), in the order of INSTALLED_APPS and then of
the classes' definitions. Its label is its `verbose_name`, its parents its `parent_page_types`.
The search facet, the listings' filter, the feeds, the API's `kind` choices, the resource
index's allowed children and the catalogue importer all read this list: a new type is one
class (with its template and migration) in any app.
"""

from django.apps import apps
from wagtail.models import get_page_models

_cache = {}


def resource_types():
    """The resource page classes, in a stable order (the apps', then their definitions')."""
    if "types" in _cache:
        return _cache["types"]
    from .models import ResourcePage

    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    found = [
        model
        for model in get_page_models()
        if issubclass(model, ResourcePage) and model.kind_key and not model._meta.abstract
    ]
    found = tuple(sorted(found, key=lambda model: order.get(model._meta.app_label, len(order))))
    if apps.ready:  # every app's classes are known from here on
        _cache["types"] = found
    return found


def kind_choices():
    """[(kind, label)]: the `kind` field's choices (a callable, so a new type changes no migration)."""
    return [(model.kind_key, str(model._meta.verbose_name)) for model in resource_types()]


def kind_labels():
    return dict(kind_choices())


def by_kind(kind):
    """The page class of `kind`; KeyError if there is none."""
    for model in resource_types():
        if model.kind_key == kind:
            return model
    raise KeyError(kind)
