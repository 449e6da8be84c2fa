"""Four senders at once over the same outbox, through a real SMTP server: each e-mail goes out once.

Real threads, each with its own database connection, on real rows: on PostgreSQL the test database
itself (SKIP LOCKED claims), on SQLite a file copy with the project's settings (one writer at a
time), as in test_concurrency.py.
"""

import asyncio
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from bonnes_pratiques import emails
from bonnes_pratiques.models import OutgoingEmail
from bonnes_pratiques.tests.test_concurrency import file_database
from tests.e2e.mail import SmtpServer

pytestmark = pytest.mark.django_db(transaction=connection.vendor != "sqlite")

EMAILS = 40
SENDERS = 4


class SlowSmtpServer(SmtpServer):
    """Takes 20 ms per message, so that the senders overlap."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler hook
        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


def in_thread(function, *args):
    """Run `function` in a thread of its own, on its own database connection; its result."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            outcome["error"] = repr(exc)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert "error" not in outcome, outcome.get("error")
    return outcome["value"]


def fill_outbox():
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=f"destinataire{n}@had-example.fr", subject=f"Message n°{n}", body="Bonjour.\n")
        for n in range(EMAILS)
    )


def outbox_state():
    return set(OutgoingEmail.objects.values_list("status", "attempts")), OutgoingEmail.objects.count()


def test_concurrent_senders_never_send_an_email_twice(settings, tmp_path):
    server = SlowSmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    sent, errors = [], []

    def sender(barrier):
        try:
            barrier.wait(timeout=60)
            sent.append(emails.send_due_emails()[0])
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(repr(exc))
        finally:
            connections["default"].close()

    try:
        with file_database(tmp_path):
            in_thread(fill_outbox)
            barrier = threading.Barrier(SENDERS)
            threads = [threading.Thread(target=sender, args=(barrier,)) for _ in range(SENDERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            state = in_thread(outbox_state)
    finally:
        server.stop()

    assert errors == []
    subjects = Counter(message["Subject"] for _, message in server.messages)
    assert len(subjects) == EMAILS and set(subjects.values()) == {1}, subjects.most_common(3)
    assert sum(sent) == EMAILS
    assert len([count for count in sent if count]) > 1, f"one sender did everything: {sent}"
    assert state == ({(OutgoingEmail.Status.SENT, 1)}, EMAILS)
