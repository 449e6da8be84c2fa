"""The outbox on the worker: a real SMTP server, the database task backend, `manage.py worker --batch`."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bonnes_pratiques.models import Submission
from bonnes_pratiques.tests.factories import PROPOSE_URL, form_data
from core import outbox as emails
from core.models import OutgoingEmail
from core.tasks import send_due_emails_task, send_email_task

pytestmark = pytest.mark.django_db

SUBMITTER = "claire.martin@had-example.fr"
MODERATION = "moderation@anap.fr"


@pytest.fixture
def notified(settings, site_tree):
    settings.MODERATION_NOTIFY_EMAILS = [MODERATION]


def submit():
    response = Client().post(PROPOSE_URL, form_data())
    assert response.status_code == 302
    return Submission.objects.get()


def send_tasks():
    return DBTaskResult.objects.filter(task_path=send_email_task.module_path)


def time_passes():
    """Every retry and every waiting task due now, as if their wait had passed."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    OutgoingEmail.objects.exclude(next_attempt_at=None).update(next_attempt_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


def test_a_submission_enqueues_its_emails_and_the_worker_sends_each_once(notified, smtp, db_worker):
    submission = submit()
    outbox = OutgoingEmail.objects.filter(submission=submission)
    assert outbox.count() == 2
    assert set(outbox.values_list("status", "attempts")) == {(OutgoingEmail.Status.PENDING, 0)}
    assert send_tasks().filter(status="READY").count() == 2  # written with the submission
    assert smtp.messages == []  # the request sent nothing

    db_worker()
    assert set(outbox.values_list("status", "attempts")) == {(OutgoingEmail.Status.SENT, 1)}
    assert set(send_tasks().values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert submission.reference in smtp.wait_for(SUBMITTER, submission.reference)
    assert submission.reference in smtp.wait_for(MODERATION, submission.reference)

    # The sweep and the tasks run again: nothing goes out twice.
    send_email_task.enqueue(outbox.first().pk)
    send_due_emails_task.enqueue()
    db_worker()
    assert len(smtp.messages) == 2


def test_a_submission_rolled_back_leaves_neither_email_nor_task(notified, smtp, db_worker):
    from bonnes_pratiques.services import create_submission

    data = {
        "structure_name": "HAD Lauragais",
        "structure_type": "had",
        "region": "occitanie",
        "contact_name": "Claire Martin",
        "contact_role": "Cadre de santé",
        "contact_email": SUBMITTER,
        "title": "Initiative annulée",
        "context": "Contexte",
        "actions": "Actions",
        "results": "Résultats",
        "lessons": "Enseignements",
        "consent_publication": True,
    }
    with pytest.raises(RuntimeError), transaction.atomic():
        create_submission(data)
        assert OutgoingEmail.objects.count() == 2 and send_tasks().count() == 2
        raise RuntimeError("la suite de la transaction échoue")
    assert not OutgoingEmail.objects.exists() and not send_tasks().exists()
    db_worker()
    assert smtp.messages == []


def test_with_the_mail_server_stopped_nothing_is_lost_and_each_email_goes_once_it_is_back(notified, smtp, db_worker):
    smtp.stop()
    submission = submit()
    outbox = OutgoingEmail.objects.filter(submission=submission)
    db_worker()
    # Both attempted once, kept with the error, and a retry waits its backoff.
    assert set(outbox.values_list("status", "attempts")) == {(OutgoingEmail.Status.PENDING, 1)}
    assert all(email.last_error and email.next_attempt_at > timezone.now() for email in outbox.all())
    assert all(email.claimed_until is None for email in outbox.all())
    assert send_tasks().filter(status="READY", run_after__gt=timezone.now()).count() == 2
    assert db_worker() == 0  # not due yet

    # Still down when the retries come: attempted again, the wait doubles.
    time_passes()
    db_worker()
    assert set(outbox.values_list("attempts", flat=True)) == {2}
    wait = min(email.next_attempt_at for email in outbox.all()) - timezone.now()
    assert wait > datetime.timedelta(seconds=emails.EMAIL_RETRY_SECONDS * 2 - 5)

    # Back: the next retries send each e-mail once; the periodic sweep then finds nothing to do.
    smtp.start()
    time_passes()
    db_worker()
    send_due_emails_task.enqueue()
    db_worker()
    assert set(outbox.values_list("status", "attempts")) == {(OutgoingEmail.Status.SENT, 3)}
    smtp.wait_for(SUBMITTER, submission.reference)
    smtp.wait_for(MODERATION, submission.reference)
    assert len(smtp.messages) == 2


def test_an_email_is_given_up_after_the_last_attempt(notified, smtp, db_worker, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp.stop()
    outbox = OutgoingEmail.objects.filter(submission=submit())
    db_worker()
    time_passes()
    db_worker()
    assert set(outbox.values_list("status", "attempts")) == {(OutgoingEmail.Status.FAILED, 2)}
    time_passes()
    assert db_worker() == 0  # no retry left waiting


def test_a_claim_held_by_a_killed_sender_expires_and_the_email_goes_once(notified, smtp, db_worker):
    outbox = OutgoingEmail.objects.filter(submission=submit())
    first, second = outbox.order_by("pk")
    # A sender claimed the first e-mail and was killed before it sent it.
    assert emails.claim(first.pk) == first.pk
    db_worker()
    first.refresh_from_db()
    assert first.status == OutgoingEmail.Status.PENDING and first.claimed_until > timezone.now()
    assert len(smtp.messages) == 1  # only the second one: the first is still claimed

    # The claim expires: the periodic sweep sends it.
    OutgoingEmail.objects.filter(pk=first.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    send_due_emails_task.enqueue()
    db_worker()
    first.refresh_from_db()
    assert (first.status, first.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert len(smtp.messages) == 2


def test_the_command_sends_every_pending_email_now_through_the_same_claims(notified, smtp, db_worker):
    from django.core.management import call_command

    smtp.stop()
    outbox = OutgoingEmail.objects.filter(submission=submit())
    db_worker()
    smtp.start()
    first = outbox.order_by("pk").first()
    emails.claim(first.pk, due_only=False)  # another sender holds this one
    call_command("send_pending_emails", verbosity=0)  # no need to wait for the backoff
    assert sorted(outbox.values_list("status", flat=True)) == [OutgoingEmail.Status.PENDING, OutgoingEmail.Status.SENT]
    assert len(smtp.messages) == 1


def test_the_admins_resend_tells_when_the_worker_is_sending_the_email(notified, smtp, moderator_client):
    email = OutgoingEmail.objects.filter(submission=submit(), to=SUBMITTER).get()  # pending: the test never commits
    emails.claim(email.pk)  # the worker holds it
    response = moderator_client.post(f"/admin/emails/renvoyer/{email.pk}/", follow=True)
    assert "en cours d&#x27;envoi par le worker" in response.content.decode()
    assert smtp.messages == []
    OutgoingEmail.objects.filter(pk=email.pk).update(claimed_until=None)
    response = moderator_client.post(f"/admin/emails/renvoyer/{email.pk}/", follow=True)
    assert "envoyé." in response.content.decode()
    assert len(smtp.to(SUBMITTER)) == 1
    listing = moderator_client.get("/admin/emails/").content.decode()
    assert "Prochaine tentative" in listing
