"""The search facets: one `Facet` entry each, read by the form, the index mapping and document,
both backends (filters and counts) and the facet lists.

A new facet is one `register(Facet(...))` here plus its model field (and migration); its
position in the registry is its position on the page, in the API and in the index mapping.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.db.models.lookups import In
from elasticsearch_dsl import Integer, Keyword

from publications.models import SECTOR_CHOICES, Audience, ResourceAudience, ResourceTheme, Theme
from publications.resource_types import kind_labels

# ASCII digits only: isdigit() accepts "²" or "١", which int() refuses.
DIGITS_RE = re.compile(r"[0-9]{1,6}")


class Year(ExtractYear):
    """The year of a date, in SQL on SQLite too (Django's version there calls Python for every row)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


def keyword():
    # Global ordinals built at refresh time, not by the first search after it.
    return Keyword(eager_global_ordinals=True)


@dataclass(frozen=True)
class Facet:
    param: str  # the URL parameter (and the key of the API's `facets`)
    title: str  # the fieldset's legend
    field: str  # the index field
    value: Callable  # page -> the index document's value (a list for a multi-valued facet)
    mapping: Callable = keyword  # () -> the elasticsearch-dsl field of `field`
    # Database: a column counted in the one grouped query (an annotation when `expression` is set),
    # or the through model of tag rows (`tags`), counted by its own query.
    column: str = ""
    expression: object = None  # or a callable returning one, built afresh for each query (a clock's)
    tags: type | None = None
    db_filter: Callable | None = None  # values -> Q; default: the column's (or expression's) `in`, the tags' slugs
    labels: Callable | None = None  # () -> {value: label}; values outside it are dropped from the URL
    parse: Callable | None = None  # raw URL value -> value, or None to drop it (facets without labels)
    order: str = "count"  # "count" (most first, then label), "label", "value_desc", "labels" (labels()'s order)

    def q(self, values):
        """The selection of `values` (OR between them) as a database filter."""
        if self.db_filter is not None:
            return self.db_filter(values)
        if self.tags is not None:  # a subquery: no join, so no DISTINCT
            return Q(pk__in=self.tags.objects.filter(tag__slug__in=values).values("content_object_id"))
        if self.expression is not None:
            return Q(In(self.db_expression(), values))
        return Q(**{f"{self.column}__in": values})

    def db_expression(self):
        return self.expression() if callable(self.expression) else self.expression

    def sort(self, items):
        if self.order == "labels":
            position = {str(value): index for index, value in enumerate(self.labels())}
            items.sort(key=lambda item: position.get(item["value"], len(position)))
        elif self.order == "value_desc":
            items.sort(key=lambda item: item["value"], reverse=True)
        elif self.order == "label":
            items.sort(key=lambda item: item["label"].lower())
        else:
            items.sort(key=lambda item: (-item["count"], item["label"]))
        return items


def year_value(raw):
    return int(raw) if DIGITS_RE.fullmatch(raw) and 1900 <= int(raw) <= 2100 else None


def years_q(values):
    return reduce(or_, (Q(publication_date__year=year) for year in values))  # BETWEEN: index-friendly


def tag_labels(model):
    return lambda: dict(model.objects.values_list("slug", "name"))


_facets = {}


def register(facet, after=None):
    """Add `facet` last, or right after the facet `after` (an app's facet placed among ours)."""
    if after is None or after not in _facets:
        _facets[facet.param] = facet
        return facet
    entries = [(param, entry) for param, entry in _facets.items() if param != facet.param]
    position = [param for param, _entry in entries].index(after) + 1
    entries.insert(position, (facet.param, facet))
    _facets.clear()
    _facets.update(entries)
    return facet


def unregister(param):
    _facets.pop(param, None)


def all():  # noqa: A001 - read as facets.all()
    return tuple(_facets.values())


def get(param):
    return _facets[param]


def params():
    return tuple(_facets)


register(
    Facet(
        "type",
        "Type",
        "kind",
        lambda page: page.kind,
        column="kind",
        labels=kind_labels,
    )
)
register(
    Facet(
        "theme",
        "Thème",
        "themes",
        lambda page: [t.slug for t in page.theme_tags],
        tags=ResourceTheme,
        labels=tag_labels(Theme),
        order="label",
    )
)
register(
    Facet(
        "public",
        "Public cible",
        "audiences",
        lambda page: [a.slug for a in page.audience_tags],
        tags=ResourceAudience,
        labels=tag_labels(Audience),
        order="label",
    )
)
register(
    Facet(
        "secteur",
        "Secteur",
        "sector",
        lambda page: page.sector,
        column="sector",
        labels=lambda: dict(SECTOR_CHOICES),
    )
)
register(
    Facet(
        "annee",
        "Année",
        "year",
        lambda page: page.publication_date.year if page.publication_date else None,
        mapping=Integer,  # numeric terms aggregation: no ordinals
        column="year",
        expression=Year("publication_date"),
        db_filter=years_q,
        parse=year_value,
        order="value_desc",
    )
)
