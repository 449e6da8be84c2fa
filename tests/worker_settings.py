"""Settings of the worker process the fault tests start (tests/engine_nodes.py): the test settings,
with the database task backend that the tests switch to in their own process. DATABASE_URL and the
SEARCH_* variables come from the test."""

from hub.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
