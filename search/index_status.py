"""The resource index's queue as editors see it on the admin dashboard: what waits, since when,
and what the worker last applied. Shown only when the index and the worker's queue are in use."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django_tasks import TaskResultStatus
from wagtail.admin.ui.components import Component

from .indexing.transport import engine_configured
from .tasks import update_index

STUCK_AFTER = datetime.timedelta(minutes=2)  # longer than the backoff cap: the engine or the worker is down


@dataclass
class IndexStatus:
    waiting: int
    oldest: datetime.datetime | None
    last_applied: datetime.datetime | None
    failed_today: int

    @property
    def stuck(self):
        return self.oldest is not None and timezone.now() - self.oldest > STUCK_AFTER


def index_status():
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=update_index.module_path)
    waiting = rows.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    applied = rows.filter(status=TaskResultStatus.SUCCESSFUL).order_by("-finished_at")
    since = timezone.now() - datetime.timedelta(days=1)
    failed = rows.filter(status=TaskResultStatus.FAILED, finished_at__gte=since).count()
    return IndexStatus(waiting.count(), oldest, applied.values_list("finished_at", flat=True).first(), failed)


class IndexStatusPanel(Component):
    name = "search_index_status"
    template_name = "search/admin/index_status_panel.html"
    order = 90  # above the recent edits

    def get_context_data(self, parent_context):
        return {"status": index_status()}


def shown():
    return engine_configured() and update_index.get_backend().supports_defer
