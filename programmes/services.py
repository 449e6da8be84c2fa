"""What happens to an application: its storage with its e-mails, and the team's decision, each in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.filecheck import safe_filename
from core.outbox import queue_template

from .models import Application


class WindowClosed(Exception):
    """The call for applications is not open at this moment."""


class AlreadyApplied(Exception):
    pass


def create_application(programme, data, letter, checked):
    """Store the application, its letter and the acknowledgement to the trio, all or nothing.

    The window is read again inside the transaction, at the moment of writing: a form opened before
    the close and sent after it saves nothing."""
    stored = []  # the letter's name once written: storage is not part of the transaction
    try:
        with transaction.atomic():
            now = timezone.now()
            programme.refresh_from_db(fields=["applications_open", "applications_close"])
            if not programme.is_open(now):
                raise WindowClosed
            application = Application(programme=programme, **data, consent_at=now, created_at=now)
            name = safe_filename(letter.name, checked.extension)
            application.letter_name = name
            letter.seek(0)
            application.letter.save(name, letter, save=False)
            stored.append(application.letter.name)
            try:
                with transaction.atomic():
                    application.save()
            except IntegrityError:
                raise AlreadyApplied from None
            application.reference = Application.make_reference(application.pk, now)
            Application.objects.filter(pk=application.pk).update(reference=application.reference)
            context = {
                "application": application,
                "programme": programme,
                "status_url": application.get_absolute_status_url(),
            }
            queue_template(
                application.recipients, "programmes/emails/acknowledgement.txt", context, related=application
            )
            if programme.contact_email:
                queue_template(
                    [programme.contact_email], "programmes/emails/team_new.txt", context, related=application
                )
    except BaseException:
        for name in stored:  # rolled back: no application points at it, so no file stays behind
            application.letter.storage.delete(name)
        raise
    return application


def decide(application, decision, comment, user):
    """Record the team's decision and tell the structure, in one transaction. Return the accepted count."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        changed = application.decision != decision or application.decision_comment != comment
        application.decision = decision
        application.decision_comment = comment
        if changed and decision != Application.Decision.PENDING:
            application.decided_at = timezone.now()
            application.decided_by = user
        application.save(update_fields=["decision", "decision_comment", "decided_at", "decided_by"])
        if changed and decision != Application.Decision.PENDING:
            context = {
                "application": application,
                "programme": application.programme,
                "status_url": application.get_absolute_status_url(),
            }
            queue_template(application.recipients, "programmes/emails/decision.txt", context, related=application)
    return application
