"""The resource types, read from the page classes themselves.

A resource type is a concrete page class under `ResourcePage` that sets a `kind_key`, found in
Wagtail's page model registry (`get_page_models()`), in the order of INSTALLED_APPS and then of
the classes' definitions. Its label is its `verbose_name`, its parents its `parent_page_types`.
The search facet, the listings' filter, the feeds, the API's `kind` choices, the resource
index's allowed children and the catalogue importer all read this list: a new type is one
class (with its template and migration) in any app.

A type whose cards show a status of the moment (an appui terrain's call) overrides the
`ResourcePage.card_statuses(ids)` classmethod; `card_statuses(pairs)` below asks only those types.
"""

from collections import defaultdict
from typing import NamedTuple

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


class CardStatus(NamedTuple):
    """A status a card shows as a badge, read when the card is shown (never stored)."""

    key: str
    label: str
    badge: str  # a DSFR badge class ("fr-badge--success"), "" for the plain grey badge


def card_statuses(pairs):
    """{page id: CardStatus} for (kind, page id) pairs, in one query per type that overrides
    `ResourcePage.card_statuses`: a page of any other kind, or of an unknown kind, costs none."""
    from .models import ResourcePage

    default = ResourcePage.card_statuses.__func__
    wanted = defaultdict(set)
    for kind, pk in pairs:
        try:
            model = by_kind(kind)
        except KeyError:  # a hit indexed under a type since removed
            continue
        if model.card_statuses.__func__ is not default:
            wanted[model].add(pk)
    statuses = {}
    for model, ids in wanted.items():
        statuses.update(model.card_statuses(sorted(ids)))
    return statuses
