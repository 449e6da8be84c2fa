"""The public proposal form: storage, e-mails, errors next to their fields, kept input and files, anti-abuse."""

import re
import time

import pytest
from django.core import mail

from bonnes_pratiques.forms import new_started_token
from bonnes_pratiques.models import Submission, SubmissionFile
from core.models import OutgoingEmail

from .factories import PROPOSE_URL, REFUSED_FILES, form_data, image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def post(client, data, files=()):
    payload = dict(data)
    if files:
        payload["attachments"] = list(files)
    return client.post(PROPOSE_URL, payload)


def test_form_renders_in_french_with_honeypot_hidden_and_privacy_link(client, site_tree):
    response = client.get(PROPOSE_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Proposer une bonne pratique" in content
    assert 'enctype="multipart/form-data"' in content
    assert "csrfmiddlewaretoken" in content
    assert '<div class="fr-hidden" aria-hidden="true">' in content
    assert 'autocomplete="off"' in content
    assert "/bonnes-pratiques/confidentialite/" in content
    assert "Hospitalisation à domicile (HAD)" in content and "Mayotte" in content
    assert client.get("/bonnes-pratiques/confidentialite/").status_code == 200


def test_the_listing_links_to_the_form(client, site_tree):
    assert 'href="/bonnes-pratiques/proposer/"' in client.get("/bonnes-pratiques/").content.decode()


def test_valid_submission_is_stored_and_acknowledged(client, site_tree, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, form_data(), [upload("Bilan 2024.pdf", pdf_bytes()), upload("photo.png", image_bytes())]
        )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.reference == f"BP-{submission.created_at:%Y}-{submission.pk:06d}"
    assert submission.status == Submission.Status.NEW
    assert len(submission.token) >= 40
    assert submission.consent_publication_at and submission.consent_contact_at
    assert [f.name for f in submission.files.all()] == ["bilan-2024.pdf", "photo.png"]
    assert submission.events.get().kind == "submitted"
    # Files are stored outside MEDIA_ROOT.
    from django.conf import settings

    assert not submission.files.first().file.path.startswith(str(settings.MEDIA_ROOT) + "/")

    page = client.get(response["Location"]).content.decode()
    assert submission.reference in page
    assert submission.get_status_url() in page

    assert OutgoingEmail.objects.filter(status="sent").count() == 2
    to_submitter = next(m for m in mail.outbox if m.to == ["claire.martin@had-example.fr"])
    assert submission.reference in to_submitter.subject
    assert f"http://testserver/bonnes-pratiques/suivi/{submission.token}/" in to_submitter.body
    to_moderators = next(m for m in mail.outbox if "moderatrice@anap.fr" in m.to)
    assert "Nouvelle proposition" in to_moderators.subject


def test_moderation_notify_setting_adds_recipients(client, site_tree, settings, django_capture_on_commit_callbacks):
    settings.MODERATION_NOTIFY_EMAILS = ["bonnes-pratiques@anap.fr"]
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data())
    assert any(m.to == ["bonnes-pratiques@anap.fr"] for m in mail.outbox)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("finess", "12345", "Le numéro FINESS comporte exactement 9 chiffres."),
        ("finess", "12345678A", "Le numéro FINESS comporte exactement 9 chiffres."),
        ("contact_email", "claire.martin@", "Saisissez une adresse e-mail valide."),
        ("consent_publication", None, "Cochez cette case pour que l&#x27;initiative puisse être publiée."),
        ("title", "", "Ce champ est obligatoire."),
        ("themes", None, "Choisissez au moins un thème."),
    ],
)
def test_field_errors_are_french_next_to_their_field_and_input_is_kept(client, site_tree, field, value, message):
    response = post(client, form_data(**{field: value}))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="{field}-error"' in content
    error_block = content.split(f'id="{field}-error"', 1)[1][:400]
    assert message in error_block
    assert "Le formulaire contient 1 erreur" in content
    assert "HAD Saint-Exupéry" in content  # what was typed is still there
    assert "Un infirmier de liaison passe chaque matin" in content
    assert not Submission.objects.exists()


def test_optional_finess_may_be_empty(client, site_tree):
    assert post(client, form_data(finess="")).status_code == 302


@pytest.mark.parametrize("key", sorted(REFUSED_FILES))
def test_each_refused_file_type_gets_its_reason(client, site_tree, key):
    name, content, reason = REFUSED_FILES[key]
    response = post(client, form_data(), [upload(name, content)])
    assert response.status_code == 200
    error_block = response.content.decode().split('id="attachments-error"', 1)[1][:600]
    assert name in error_block and reason in error_block
    assert not Submission.objects.exists()


def test_oversized_file_is_refused(client, site_tree, settings):
    settings.BONNES_PRATIQUES_MAX_FILE_SIZE = 10 * 1024 * 1024
    big = pdf_bytes() + b"\0" * (10 * 1024 * 1024)
    response = post(client, form_data(), [upload("gros.pdf", big)])
    assert response.status_code == 200
    assert "la limite est de 10,0 Mo" in response.content.decode()
    assert not Submission.objects.exists()


def test_six_files_are_too_many_and_the_first_five_are_kept(client, site_tree):
    files = [upload(f"piece-{n}.pdf", pdf_bytes()) for n in range(6)]
    response = post(client, form_data(), files)
    assert response.status_code == 200
    content = response.content.decode()
    assert "au plus 5 fichiers" in content
    assert not Submission.objects.exists()
    assert SubmissionFile.objects.filter(submission__isnull=True).count() == 5


def test_uploaded_files_are_kept_against_the_draft_after_an_error(client, site_tree):
    response = post(client, form_data(finess="123"), [upload("bilan.pdf", pdf_bytes()), upload("x.html", b"<html>")])
    content = response.content.decode()
    draft_key = response.context["draft_key"]
    assert draft_key and f'value="{draft_key}"' in content
    kept = SubmissionFile.objects.get(draft_key=draft_key)
    assert "Retirer « bilan.pdf »" in content
    # Second try: fix the error, remove nothing, pick no file again.
    response = post(client, form_data(draft_key=draft_key))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert list(submission.files.all()) == [kept]
    kept.refresh_from_db()
    assert kept.draft_key == ""


def test_a_kept_file_can_be_removed(client, site_tree):
    response = post(client, form_data(finess="123"), [upload("bilan.pdf", pdf_bytes())])
    draft_key = response.context["draft_key"]
    kept = SubmissionFile.objects.get(draft_key=draft_key)
    response = post(client, form_data(draft_key=draft_key, remove_files=[str(kept.pk)]))
    assert response.status_code == 302
    assert not Submission.objects.get().files.exists()
    assert not SubmissionFile.objects.filter(pk=kept.pk).exists()


def test_honeypot_drops_the_submission_silently(client, site_tree):
    response = post(client, form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert not Submission.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_too_fast_submission_is_refused_and_input_kept(client, site_tree):
    response = post(client, form_data(started=new_started_token(time.time())))
    assert response.status_code == 200
    content = response.content.decode()
    assert "envoyé trop vite" in content
    assert "HAD Saint-Exupéry" in content
    assert not Submission.objects.exists()


def test_forged_timestamp_is_refused(client, site_tree):
    response = post(client, form_data(started="1700000000"))
    assert "envoyé trop vite" in response.content.decode()
    assert not Submission.objects.exists()


def test_rate_limit_answers_a_french_429_on_the_sixth_submission(client, site_tree):
    for _ in range(5):
        assert post(client, form_data()).status_code == 302
    response = post(client, form_data())
    assert response.status_code == 429
    content = response.content.decode()
    assert "Trop de propositions envoyées" in content and "5 par heure" in content
    assert Submission.objects.count() == 5
    # Another address is not affected.
    assert client.post(PROPOSE_URL, form_data(), REMOTE_ADDR="10.0.0.8").status_code == 302


def test_csrf_is_enforced(site_tree):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(PROPOSE_URL, form_data())
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_confirmation_needs_the_session(client, site_tree):
    assert client.get("/bonnes-pratiques/proposer/merci/").status_code == 302


def started_token_in(response):
    return re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)


def test_a_fill_time_token_is_accepted_once(client, site_tree):
    data = form_data()
    assert post(client, data).status_code == 302
    replay = post(client, data)
    assert replay.status_code == 200
    content = replay.content.decode()
    assert "Ce formulaire a déjà été envoyé une fois" in content
    assert "HAD Saint-Exupéry" in content  # nothing the person typed is lost
    fresh = started_token_in(replay)
    assert fresh != data["started"]
    assert Submission.objects.count() == 1
    # The fresh token works (it keeps the original fill time), once.
    assert post(client, {**data, "started": fresh}).status_code == 302
    assert Submission.objects.count() == 2
    assert "déjà été envoyé" in post(client, {**data, "started": fresh}).content.decode()


def test_a_form_redisplayed_with_errors_carries_a_new_valid_token(client, site_tree):
    data = form_data(finess="123")
    first = post(client, data)
    assert first.status_code == 200 and "exactement 9 chiffres" in first.content.decode()
    token = started_token_in(first)
    assert token != data["started"]
    # Corrected at once: not "too fast", since the token keeps when the form was first shown.
    assert post(client, {**data, "finess": "", "started": token}).status_code == 302
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("value", ["9" * 400, "-1", "1.5", "١", ""])
def test_a_theme_that_is_no_id_is_a_french_field_error(client, site_tree, value):
    """A 400-digit id overflowed SQLite's INTEGER in the field's own check: a 500 (found by Hypothesis)."""
    response = post(client, form_data(themes=[value]))
    assert response.status_code == 200
    error_block = response.content.decode().split('id="themes-error"', 1)[1][:400]
    assert "Sélectionnez un choix valide" in error_block or "Choisissez au moins un thème." in error_block
    assert not Submission.objects.exists()
