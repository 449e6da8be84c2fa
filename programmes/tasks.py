"""Programme tasks run by the worker (core.background)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.search import index

from publications.tasks import only_one_run

from .models import ProgrammePage

REFRESH_STATUSES_PRIORITY = 10  # a call that opened shows as open before any archive is built


@task(priority=REFRESH_STATUSES_PRIORITY)
def refresh_statuses_task():
    """Index again the live programmes whose status moved with the clock (a call opened or closed,
    a programme ended), every 60 s: the search's "Statut" facet and cached results follow.
    Returns the ids indexed again."""
    with only_one_run("programme_statuses") as held:
        if not held:
            return []
        now = timezone.now()
        moved = []
        for programme in ProgrammePage.objects.live().order_by("pk"):
            status = str(programme.status_at(now))
            if programme.indexed_status == status:
                continue
            with transaction.atomic():  # the mark and the index update (a durable task row) together
                ProgrammePage.objects.filter(pk=programme.pk).update(indexed_status=status)
                index.insert_or_update_object(programme)
            moved.append(programme.pk)
        return moved
