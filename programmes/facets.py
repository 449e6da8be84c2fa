"""The search's "Statut" facet: where an appui terrain's call stands (search/facets.py).

The status follows the clock, not an edit. The database (the fallback, the alerts) computes it in
the query from the dates; the engine keeps it in each programme's document, which
programmes.tasks.refresh_statuses_task writes again when the status moves.
"""

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone

from search.facets import Facet

from .models import ProgrammePage, Status

FIELD = "programme_status"


def status_value(page):
    """The index document's value: the status now, for an appui terrain; None for any other resource."""
    if page.kind != ProgrammePage.kind_key:
        return None
    programme = page if isinstance(page, ProgrammePage) else ProgrammePage.objects.filter(pk=page.pk).first()
    return str(programme.status_at()) if programme else None


def bounds(now):
    """The conditions of each status on a resource queryset, as ProgrammePage.status_at() decides them."""
    today = timezone.localdate(now)
    opened = Q(programmepage__applications_open__lte=now)
    closed = opened & Q(programmepage__applications_close__lte=now)
    return {
        Status.UPCOMING: Q(programmepage__applications_open__gt=now),
        Status.OPEN: opened & Q(programmepage__applications_close__gt=now),
        Status.RUNNING: closed & Q(programmepage__programme_end__gte=today),
        Status.FINISHED: closed & Q(programmepage__programme_end__lt=today),
    }


def status_expression():
    """The status of each row, None for a resource that is not an appui terrain (counted in one query)."""
    whens = [When(condition, then=Value(str(status))) for status, condition in bounds(timezone.now()).items()]
    return Case(*whens, default=None, output_field=CharField())


def status_q(values):
    conditions = bounds(timezone.now())
    wanted = [conditions[status] for status in Status if status in values]
    if not wanted:
        return Q(pk__in=[])
    q = wanted[0]
    for condition in wanted[1:]:
        q |= condition
    return q


STATUS_FACET = Facet(
    "statut",
    "Statut de l'appel à candidatures",
    FIELD,
    status_value,
    column=FIELD,
    expression=status_expression,
    db_filter=status_q,
    labels=lambda: {str(status): status.label for status in Status},
    order="labels",
)
