"""Publication tasks run by the worker (core.background): scheduled publishing and kit ZIP builds."""

import logging
import zlib
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection
from django_tasks import task

logger = logging.getLogger("hub")

PUBLISH_SCHEDULED_PRIORITY = 20  # a page due to go live (or expire) waits behind no archive
KIT_ARCHIVE_PRIORITY = -10  # a build takes seconds; e-mails and index records go first


@contextmanager
def only_one_run(name):
    """Yield True in the one process that holds `name` (a PostgreSQL advisory lock), False elsewhere.

    Two workers may start the same periodic chain at once; two publish_scheduled runs would publish
    a revision twice. SQLite runs a single worker, so there it always yields True."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = zlib.crc32(name.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@task(priority=PUBLISH_SCHEDULED_PRIORITY)
def publish_scheduled_task():
    """Wagtail's scheduled publishing: go-live dates reached, expiry dates passed (every 60 s)."""
    with only_one_run("publish_scheduled") as held:
        if held:
            call_command("publish_scheduled", verbosity=0)
        return held


@task(priority=KIT_ARCHIVE_PRIORITY)
def build_kit_archives_task(kit_ids):
    """Build the ZIP of these live kits where their inputs changed (publications.kits)."""
    from .kits import build_kit_archive
    from .models import KitPage

    built = []
    for kit in KitPage.objects.live().filter(pk__in=kit_ids):
        try:
            build_kit_archive(kit)
            built.append(kit.pk)
        except Exception:  # one broken file must not stop the other kits; the view serves on the fly
            logger.exception("Kit archive for page %s could not be built", kit.pk)
    return built
