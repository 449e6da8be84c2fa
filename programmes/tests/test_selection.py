"""Selection in the admin: the list filtered, the export, the decision and its e-mail, the warning over the places."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from programmes.models import Application

from .factories import application_data, letter, make_programme

pytestmark = pytest.mark.django_db

LIST = "/admin/candidatures/"


@pytest.fixture
def team(site_tree):
    user = User.objects.create_user("equipe", "equipe@anap.fr", "motdepasse-de-test")
    user.groups.add(Group.objects.get(name="Équipe appuis terrain"))
    client = Client()
    client.force_login(user)
    return client


def applied(programme, **overrides):
    response = Client().post(programme.apply_url(), {**application_data(**overrides), "letter": letter()})
    assert response.status_code == 302, response.content.decode()[:500]
    return Application.objects.get(finess=overrides.get("finess", "010780195"), programme=programme)


def test_the_team_filters_exports_and_decides(team, django_capture_on_commit_callbacks):
    programme = make_programme(places=1)
    other = make_programme(title="Appui terrain expérience patient", activity_question="")
    first = applied(programme)
    second = applied(programme, finess="010000016", structure_name="HAD Provence", region="provence-alpes-cote-d-azur")
    applied(other, activity_figure=None)

    listing = team.get(LIST, {"programme": programme.pk, "region": "provence-alpes-cote-d-azur"}).content.decode()
    assert "HAD Provence" in listing and "HAD Lauragais" not in listing
    assert "HAD Lauragais" in team.get(LIST, {"decision": "en_attente", "structure_status": "espic"}).content.decode()

    csv = team.get(LIST, {"export": "csv", "programme": programme.pk})
    assert csv.status_code == 200 and "HAD Provence" in b"".join(csv.streaming_content).decode()
    xlsx = team.get(LIST, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert len(rows) == 4 and "Référence" in rows[0]

    mail.outbox.clear()
    edit = f"{LIST}edit/{first.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(edit, {"decision": "retenue", "decision_comment": "Bienvenue dans le programme."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.decision, first.decided_by.username) == ("retenue", "equipe")
    (decision_mail,) = mail.outbox
    assert sorted(decision_mail.to) == sorted(first.recipients) and "retenue" in decision_mail.subject
    assert "Bienvenue dans le programme." in decision_mail.body
    status = Client().get(first.get_status_url()).content.decode()
    assert "Retenue" in status and "Bienvenue dans le programme." in status

    # A second accepted application for one place: the team is warned, in the listing too.
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(f"{LIST}edit/{second.pk}/", {"decision": "retenue", "decision_comment": ""}, follow=True)
    page = response.content.decode()
    assert "2 candidatures retenues pour 1 places" in page
    assert "2 candidatures retenues pour 1 places" in team.get(LIST).content.decode()

    # Saving the same decision again sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        team.post(f"{LIST}edit/{second.pk}/", {"decision": "retenue", "decision_comment": ""})
    assert mail.outbox == []


def test_applications_are_never_added_or_deleted_in_the_admin(team, site_tree):
    application = applied(make_programme())
    assert team.get(f"{LIST}new/").status_code in (302, 403, 404)
    assert team.post(f"{LIST}delete/{application.pk}/").status_code in (302, 403, 404)
    assert Application.objects.filter(pk=application.pk).exists()
    letter_response = team.get(f"{LIST}lettre/{application.pk}/")
    assert letter_response.status_code == 200 and b"".join(letter_response.streaming_content).startswith(b"%PDF")


def test_a_visitor_has_no_access(client, site_tree):
    application = applied(make_programme())
    assert client.get(LIST).status_code == 302  # to the login
    assert client.get(f"{LIST}lettre/{application.pk}/").status_code in (302, 403)
