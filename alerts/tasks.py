"""The digests' periodic task (settings.PERIODIC_TASKS), run by the worker."""

from django_tasks import task

from . import digest, services

DIGEST_PRIORITY = -5  # below the e-mails it writes and the index, above the query log


@task(priority=DIGEST_PRIORITY)
def send_digests_task():
    """Queue the digests whose turn has come, and drop the alerts never confirmed in time."""
    alerts, resources = digest.send_digests()
    return {"alerts": alerts, "resources": resources, "purged": services.purge_unconfirmed()}
