"""An alert's filters are the search's facets (search/facets.py): the same parameters, the same values,
the same database filters, so that an alert means exactly what the search meant.

Unlike the search, which drops a value it does not know, an alert refuses it: an alert kept on a
value that matches nothing would never send anything. The words typed (`q`) are not part of an
alert: a full-text match is ranked, not exact, and would not say which resources are "new" for it.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.urls import reverse

from search import facets
from search.forms import vocabularies

MAX_VALUES = 20  # per facet


class FilterError(ValueError):
    """A filter an alert cannot keep: the message is shown to the visitor."""


def canonical(querydict):
    """{param: [values]} in the registry's order, each list sorted, from a QueryDict (or a dict of lists).

    Raises FilterError for an unknown value, too many values or no filter at all."""
    labels = vocabularies()
    filters = {}
    for facet in facets.all():
        raw = querydict.getlist(facet.param) if hasattr(querydict, "getlist") else querydict.get(facet.param, [])
        if len(raw) > MAX_VALUES:
            raise FilterError(f"Trop de valeurs pour le filtre « {facet.title} » (au plus {MAX_VALUES}).")
        values = set()
        for value in raw:
            value = str(value).strip()
            if facet.parse is not None:
                parsed = facet.parse(value)
            else:
                parsed = value if value in labels[facet.param] else None
            if parsed is None:
                shown = value if len(value) <= 40 else value[:40] + "…"
                raise FilterError(f"Le filtre « {facet.title} » n'a pas de valeur « {shown} ».")
            values.add(parsed)
        if values:
            filters[facet.param] = sorted(values)
    if not filters:
        raise FilterError("Choisissez au moins un filtre (un thème, un type…) pour créer une alerte.")
    return filters


def given(querydict):
    """Whether any facet parameter was given at all."""
    return any(querydict.getlist(facet.param) for facet in facets.all())


def key(filters):
    return hashlib.sha256(json.dumps(filters, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def describe(filters):
    """[(facet title, [value labels])], in the registry's order, for pages and e-mails."""
    labels = vocabularies()
    described = []
    for facet in facets.all():
        values = filters.get(facet.param)
        if values:
            names = [labels.get(facet.param, {}).get(str(value), str(value)) for value in values]
            described.append((facet.title, names))
    return described


def summary(filters):
    """One line: "Thème : HAD ; Type : Publication, Kit"."""
    return " ; ".join(f"{title} : {', '.join(names)}" for title, names in describe(filters))


def query_string(filters):
    return urlencode([(param, value) for param, values in filters.items() for value in values])


def search_path(filters):
    """The search these filters came from, newest first."""
    return f"{reverse('search')}?{query_string(filters)}&tri=date"


def matches(queryset, filters):
    """The queryset filtered as the search filters it: OR within a facet, AND between facets.
    A facet that no longer exists matches nothing."""
    for param, values in filters.items():
        try:
            facet = facets.get(param)
        except KeyError:
            return queryset.none()
        queryset = queryset.filter(facet.q(values))
    return queryset
