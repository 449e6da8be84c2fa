"""Search parameters: parsing and validation of the query string (never trusted)."""

import re
from dataclasses import dataclass, field

from . import facets

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
MAX_WINDOW = 10_000  # the engine's max_result_window
MAX_PAGE = MAX_WINDOW // PAGE_SIZE
SORTS = ("pertinence", "date")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
NUMBER_RE = facets.DIGITS_RE  # ASCII digits only (see there)


class SearchParamError(ValueError):
    """A parameter that cannot be served: the message is shown to the visitor."""


@dataclass
class SearchParams:
    q: str = ""
    filters: dict = field(default_factory=dict)  # facet param -> [values]
    sort: str = "pertinence"
    page: int = 1
    truncated: bool = False
    labels: dict = field(default_factory=dict)  # facet param -> {value: label}

    @property
    def offset(self):
        return (self.page - 1) * PAGE_SIZE

    @property
    def has_filters(self):
        return any(self.filters.values())

    def label(self, facet, value):
        return self.labels.get(facet, {}).get(str(value), str(value))


def load_vocabularies():
    return {facet.param: facet.labels() for facet in facets.all() if facet.labels}


def vocabularies():
    """Labels of every facet value (themes and audiences read once per cache version, see core/content_version.py)."""
    from core.content_version import cached

    return {name: dict(labels) for name, labels in cached("vocabularies", load_vocabularies).items()}


def parse_page(raw):
    if raw in (None, ""):
        return 1
    raw = raw.strip()
    if not NUMBER_RE.fullmatch(raw):
        raise SearchParamError("Le numéro de page doit être un nombre entier positif.")
    page = int(raw)
    if page < 1:
        raise SearchParamError("Le numéro de page doit être un nombre entier positif.")
    if page > MAX_PAGE:
        raise SearchParamError(f"Seules les {MAX_PAGE} premières pages de résultats sont consultables.")
    return page


def parse(querydict):
    """SearchParams from request.GET; unknown facet values are dropped, a bad page raises SearchParamError."""
    q = CONTROL_RE.sub(" ", querydict.get("q", ""))
    q = " ".join(q.split())
    truncated = len(q) > MAX_QUERY_LENGTH
    q = q[:MAX_QUERY_LENGTH]
    labels = vocabularies()
    filters = {}
    for facet in facets.all():
        values = []
        for value in querydict.getlist(facet.param)[:50]:
            value = value.strip()
            if facet.parse is not None:
                value = facet.parse(value)
                if value is None:
                    continue
            elif value not in labels[facet.param]:
                continue
            if value not in values:
                values.append(value)
        filters[facet.param] = values
        labels.setdefault(facet.param, {})
    sort = querydict.get("tri", "pertinence")
    if sort not in SORTS:
        sort = "pertinence"
    params = SearchParams(q=q, filters=filters, sort=sort, page=1, truncated=truncated, labels=labels)
    params.page = parse_page(querydict.get("page"))
    return params
