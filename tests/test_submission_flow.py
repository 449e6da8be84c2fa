"""A practice submitted through the form, moderated and published in the admin, is public and searchable.

Also: a mail server that fails loses nothing, and nobody reaches someone else's submission or files.
"""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client

from bonnes_pratiques.models import Submission
from bonnes_pratiques.services import PRIVATE_COLLECTION_NAME
from bonnes_pratiques.tests.factories import PROPOSE_URL, form_data, image_bytes, pdf_bytes, upload
from core.models import OutgoingEmail

pytestmark = pytest.mark.django_db

TITLE = "Évaluation anticipée HAD en EHPAD"


@pytest.fixture
def moderator_client(site_tree):
    user = User.objects.create_user("moderatrice", "moderatrice@anap.fr", "motdepasse-de-test")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client = Client()
    client.force_login(user)
    return client


def status_link(message):
    return re.search(r"http://testserver(/bonnes-pratiques/suivi/[\w-]+/)", message.body).group(1)


def test_submit_moderate_publish_and_find(site_tree, moderator_client, django_capture_on_commit_callbacks):
    submitter = Client()
    data = form_data(title=TITLE, context="Les résidents d'EHPAD arrivaient en HAD sans évaluation préalable.")
    with django_capture_on_commit_callbacks(execute=True):
        response = submitter.post(
            PROPOSE_URL,
            {**data, "attachments": [upload("bilan.pdf", pdf_bytes()), upload("equipe.jpg", image_bytes())]},
        )
    assert response.status_code == 302
    submission = Submission.objects.get()
    acknowledgement = next(m for m in mail.outbox if m.to == ["claire.martin@had-example.fr"])
    private_url = status_link(acknowledgement)
    assert "Nouvelle" in submitter.get(private_url).content.decode()

    # The moderator finds it in the admin listing, filtered, and opens it.
    listing = moderator_client.get("/admin/propositions/?status=nouvelle&region=occitanie").content.decode()
    assert submission.reference in listing
    inspect_url = f"/admin/propositions/inspect/{submission.pk}/"
    assert TITLE in moderator_client.get(inspect_url).content.decode()

    # Request changes: the submitter receives the message and the private link.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/admin/propositions/action/{submission.pk}/request_changes/",
            {"message": "Pouvez-vous préciser le nombre de résidents concernés ?"},
        )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.CHANGES_REQUESTED
    (request_mail,) = mail.outbox
    assert "nombre de résidents" in request_mail.body and status_link(request_mail) == private_url

    # The submitter answers through the private link, with one more file.
    page = submitter.get(private_url).content.decode()
    assert "Modifications demandées" in page and "nombre de résidents" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submitter.post(
            private_url,
            {"message": "42 résidents sur 6 mois.", "attachments": [upload("complement.pdf", pdf_bytes("Complément"))]},
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.NEW
    assert submission.files.count() == 3
    assert any("moderatrice@anap.fr" in m.to and "42 résidents" in m.body for m in mail.outbox)

    # Accept: a draft page, prefilled, with private documents and images.
    response = moderator_client.post(f"/admin/propositions/action/{submission.pk}/accept/")
    submission.refresh_from_db()
    practice = submission.page.specific
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{practice.pk}/edit/"
    assert not practice.live and practice.has_unpublished_changes
    assert practice.structure_name == "HAD Saint-Exupéry" and practice.region == "occitanie"
    assert "&lt;script&gt;" in practice.lessons and "<script>" not in practice.lessons
    assert [t.slug for t in practice.themes.all()] == ["urgences"]
    assert practice.contact_is_public and practice.contact_email == "claire.martin@had-example.fr"
    documents = [link.document for link in practice.documents.all()]
    assert len(documents) == 2 and all(d.collection.name == PRIVATE_COLLECTION_NAME for d in documents)
    assert practice.cover_image and practice.cover_image.collection.name == PRIVATE_COLLECTION_NAME
    events = list(submission.events.values_list("kind", "actor__username"))
    assert events == [
        ("submitted", None),
        ("changes_requested", "moderatrice"),
        ("submitter_reply", None),
        ("accepted", "moderatrice"),
    ]

    # Before publication: no public page, no anonymous document.
    anonymous = Client()
    assert anonymous.get(f"/bonnes-pratiques/{practice.slug}/").status_code == 404
    assert anonymous.get(documents[0].url).status_code != 200

    # The editor publishes through the admin's normal publish action.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        edit = moderator_client.get(f"/admin/pages/{practice.pk}/edit/")
        assert edit.status_code == 200
        practice.get_latest_revision().publish(user=submission.events.last().actor)
    practice.refresh_from_db()
    assert practice.live
    (published_mail,) = mail.outbox
    assert practice.full_url in published_mail.body

    # Public: the page, its documents, the listing and search.
    public = anonymous.get(f"/bonnes-pratiques/{practice.slug}/")
    assert public.status_code == 200 and TITLE in public.content.decode()
    assert anonymous.get(documents[0].url).status_code == 200
    assert TITLE in anonymous.get("/bonnes-pratiques/").content.decode()
    assert TITLE in anonymous.get("/bonnes-pratiques/?region=occitanie&structure=had").content.decode()
    assert TITLE in anonymous.get("/recherche/", {"q": "anticipée"}).content.decode()
    for document in documents:
        document.refresh_from_db()
        assert document.collection.depth == 1
    assert "Publiée" in submitter.get(private_url).content.decode()


def test_a_failing_mail_server_loses_nothing(site_tree, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "bonnes_pratiques.tests.backends.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(PROPOSE_URL, form_data())
    assert response.status_code == 302
    submission = Submission.objects.get()
    emails = OutgoingEmail.objects.filter(submission=submission)
    assert emails.count() >= 1
    assert all(e.status == "pending" and e.attempts == 1 and "SMTPException" in e.last_error for e in emails)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_emails")
    assert set(emails.values_list("status", flat=True)) == {"sent"}
    assert any(submission.reference in m.subject for m in mail.outbox)


def test_outbox_is_visible_and_retryable_in_the_admin(site_tree, moderator_client, settings):
    settings.EMAIL_BACKEND = "bonnes_pratiques.tests.backends.FailingBackend"
    Client().post(PROPOSE_URL, form_data())
    from core.outbox import send_pending_emails

    send_pending_emails()
    email = OutgoingEmail.objects.filter(to="claire.martin@had-example.fr").get()
    listing = moderator_client.get("/admin/emails/").content.decode()
    assert "En attente" in listing and email.subject in listing
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    moderator_client.post(f"/admin/emails/renvoyer/{email.pk}/")
    email.refresh_from_db()
    assert email.status == "sent"


def test_nobody_reaches_another_persons_submission_or_files(site_tree, moderator_client):
    Client().post(PROPOSE_URL, {**form_data(), "attachments": [upload("bilan.pdf", pdf_bytes())]})
    Client().post(PROPOSE_URL, form_data(title="Autre proposition"), REMOTE_ADDR="10.1.1.1")
    first, second = Submission.objects.order_by("pk")
    item = first.files.get()
    anonymous = Client()
    assert anonymous.get(f"/bonnes-pratiques/suivi/{first.token}/fichiers/{item.pk}/").status_code == 200
    # Wrong token, someone else's token, guessed file URLs: nothing.
    assert anonymous.get("/bonnes-pratiques/suivi/pas-le-bon-jeton/").status_code == 404
    assert anonymous.get(f"/bonnes-pratiques/suivi/{first.token[:-1]}x/").status_code == 404
    assert anonymous.get(f"/bonnes-pratiques/suivi/{second.token}/fichiers/{item.pk}/").status_code == 404
    assert anonymous.get(f"/media/{item.file.name}").status_code == 404
    assert anonymous.get(f"/admin/propositions/fichier/{item.pk}/").status_code in (302, 403)
    assert anonymous.get(f"/admin/propositions/inspect/{first.pk}/").status_code == 302
    # An editor (not a moderator) cannot download it either; a moderator can.
    editor = User.objects.create_user("editrice", "e@anap.fr", "x")
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get(f"/admin/propositions/fichier/{item.pk}/").status_code in (302, 403)
    assert editor_client.get("/admin/propositions/").status_code in (302, 403)
    assert moderator_client.get(f"/admin/propositions/fichier/{item.pk}/").status_code == 200
