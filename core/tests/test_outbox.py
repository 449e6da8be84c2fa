"""The outbox for any app: an e-mail about any object (or none), with extra headers, through a real SMTP server."""

import pytest
from django.contrib.auth.models import Group

from core import outbox
from core.models import OutgoingEmail

pytestmark = pytest.mark.django_db

UNSUBSCRIBE = {
    "List-Unsubscribe": "<https://exemple.anap.fr/alertes/desinscription/abc/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def test_an_email_about_any_object_carries_its_headers_to_the_mail_server(smtp, django_capture_on_commit_callbacks):
    group = Group.objects.create(name="Équipe HAD")
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(
            ["cadre@had-example.fr"], "Nouveautés\nHAD", "Trois ressources.", related=group, headers=UNSUBSCRIBE
        )
    email.refresh_from_db()
    assert (email.status, email.attempts, email.related, email.subject) == ("sent", 1, group, "Nouveautés HAD")
    (recipients, message) = smtp.messages[0]
    assert recipients == ["cadre@had-example.fr"]
    assert message["List-Unsubscribe"] == UNSUBSCRIBE["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)).get_content().strip() == "Trois ressources."


def test_an_email_about_nothing_and_without_recipients(smtp, django_capture_on_commit_callbacks):
    assert outbox.queue_email(["", None], "Objet", "Corps") is None
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(["a@had-example.fr"], "Objet", "Corps")
    email.refresh_from_db()
    assert (email.related, email.headers, email.status) == (None, {}, OutgoingEmail.Status.SENT)
    assert len(smtp.messages) == 1
