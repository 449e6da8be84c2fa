"""The good practices' e-mails: their templates and the moderators' addresses; the outbox is core.outbox."""

from django.conf import settings
from django.contrib.auth import get_user_model

from core.outbox import queue_template

MODERATORS_GROUP = "Modérateurs"


def moderator_recipients():
    """Addresses of the active members of "Modérateurs", plus settings.MODERATION_NOTIFY_EMAILS."""
    emails = list(getattr(settings, "MODERATION_NOTIFY_EMAILS", []) or [])
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MODERATORS_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    for email in users:
        if email not in emails:
            emails.append(email)
    return emails


def queue_email(to, template, context, submission=None):
    """Queue bonnes_pratiques/emails/<template>.txt (first line: the subject) in the current transaction."""
    return queue_template(to, f"bonnes_pratiques/emails/{template}.txt", context, related=submission)
