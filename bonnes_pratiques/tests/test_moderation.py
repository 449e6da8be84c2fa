"""Moderation in the admin and the submitter's private page."""

import pytest
from django.core import mail
from django.test import Client

from bonnes_pratiques import services
from bonnes_pratiques.models import Submission

from .factories import PROPOSE_URL, form_data, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(site_tree):
    Client().post(PROPOSE_URL, {**form_data(), "attachments": [upload("bilan.pdf", pdf_bytes())]})
    return Submission.objects.get()


def test_listing_filters_by_status_region_theme_and_date(moderator_client, submission):
    Client().post(PROPOSE_URL, form_data(title="Téléconsultation en EHPAD", region="bretagne", themes=[]))
    base = "/admin/propositions/"
    content = moderator_client.get(base).content.decode()
    assert "Propositions" in content and submission.reference in content
    assert submission.reference not in moderator_client.get(base + "?status=refusee").content.decode()
    assert submission.reference not in moderator_client.get(base + "?region=bretagne").content.decode()
    theme = submission.themes.get()
    assert submission.reference in moderator_client.get(base + f"?themes={theme.pk}").content.decode()
    today = f"{submission.created_at:%Y-%m-%d}"
    assert submission.reference in moderator_client.get(base + f"?created_at_from={today}").content.decode()


def test_inspect_shows_everything_and_files_to_moderators(moderator_client, submission):
    content = moderator_client.get(f"/admin/propositions/inspect/{submission.pk}/").content.decode()
    for text in ["HAD Saint-Exupéry", "310000000", "claire.martin@had-example.fr", "bilan.pdf", "Historique"]:
        assert text in content
    assert "&lt;script&gt;" in content
    item = submission.files.get()
    response = moderator_client.get(f"/admin/propositions/fichier/{item.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_submissions_cannot_be_edited_or_created_in_the_admin(moderator_client, submission):
    assert moderator_client.get(f"/admin/propositions/edit/{submission.pk}/").status_code in (302, 403)
    assert moderator_client.get("/admin/propositions/new/").status_code in (302, 403)


def test_editors_do_not_moderate(editor_client, submission):
    assert editor_client.get("/admin/propositions/").status_code in (302, 403)
    response = editor_client.post(f"/admin/propositions/action/{submission.pk}/accept/")
    assert response.status_code in (302, 403)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.NEW and submission.page is None


def test_reject_with_a_reason(moderator_client, submission, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(f"/admin/propositions/action/{submission.pk}/reject/", {"message": "Hors du champ."})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    (message,) = mail.outbox
    assert "Hors du champ." in message.body
    event = submission.events.last()
    assert (event.kind, event.from_status, event.to_status, event.actor.username) == (
        "rejected",
        "nouvelle",
        "refusee",
        "moderatrice",
    )
    page = Client().get(submission.get_status_url()).content.decode()
    assert "Refusée" in page and "Hors du champ." in page and "Répondre" not in page
    # A rejected submission can no longer be accepted.
    moderator_client.post(f"/admin/propositions/action/{submission.pk}/accept/")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED and submission.page is None


def test_request_changes_needs_a_message(moderator_client, submission):
    moderator_client.post(f"/admin/propositions/action/{submission.pk}/request_changes/", {"message": ""})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.NEW


def test_reply_checks_files_and_message(moderator, submission):
    services.request_changes(submission, moderator, "Ajoutez le bilan chiffré.")
    client = Client()
    url = submission.get_status_url()
    response = client.post(url, {"message": "", "attachments": [upload("x.svg", b"<svg></svg>")]})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Écrivez votre réponse" in content and "SVG" in content
    submission.refresh_from_db()
    assert submission.status == Submission.Status.CHANGES_REQUESTED


def test_status_page_is_private(submission):
    response = Client().get(submission.get_status_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_accept_without_contact_consent_keeps_the_contact_private(site_tree, moderator):
    Client().post(PROPOSE_URL, form_data(consent_contact=None))
    submission = Submission.objects.get()
    page = services.accept(submission, moderator)
    assert not page.contact_is_public and page.contact_email == "" and page.contact_name == ""
    assert not page.live
    assert page.summary.startswith("Les patients attendaient")
    assert "<p>Un infirmier de liaison passe chaque matin aux urgences.</p><p>Il évalue" in page.actions
    assert "80 % de sorties" in page.results


def test_accepting_twice_creates_one_page(site_tree, moderator, submission):
    services.accept(submission, moderator)
    with pytest.raises(services.InvalidTransition):
        services.accept(Submission.objects.get(pk=submission.pk), moderator)
    assert Submission.objects.get(pk=submission.pk).page is not None
    from bonnes_pratiques.models import BonnePratiquePage

    assert BonnePratiquePage.objects.count() == 1


def test_slug_never_shadows_the_form_routes(site_tree):
    assert services.unique_slug(site_tree["bonnes-pratiques"], "Proposer") == "proposer-bonne-pratique"
