"""Four senders at once over the same outbox, through a real SMTP server: each e-mail goes out once.
A sender killed (SIGKILL) while the mail server holds it: its claim expires, the e-mail goes once.

Real threads, each with its own database connection, on real rows: on PostgreSQL the test database
itself (SKIP LOCKED claims), on SQLite a file copy with the project's settings (one writer at a
time), as in test_concurrency.py.
"""

import asyncio
import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from bonnes_pratiques.tests.test_concurrency import file_database
from core import outbox as emails
from core.models import OutgoingEmail
from tests.e2e.mail import SmtpServer

# serialized_rollback: the flush at its end then leaves the content types to the next transactional
# test to restore (a flush that recreates them with new ids breaks that test's restore).
pytestmark = pytest.mark.django_db(transaction=connection.vendor != "sqlite", serialized_rollback=True)

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


SENDER_PROCESS = """
import sys
import django
django.setup()
from django.test.utils import override_settings
from core.outbox import send_due_emails
with override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=int(sys.argv[1]), EMAIL_TIMEOUT=120, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False,
):
    send_due_emails()
"""


def database_url():
    settings_dict = connections["default"].settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def test_the_claim_of_a_killed_sender_expires_and_the_email_goes_once(settings, tmp_path):
    # A mail server that accepts the connection and never answers: the sender waits on it.
    silent = socket.create_server(("127.0.0.1", 0))
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        with file_database(tmp_path):
            in_thread(lambda: OutgoingEmail.objects.create(to="direction@had-example.fr", subject="Bilan", body="."))
            env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "hub.settings.test"}
            process = subprocess.Popen(
                [sys.executable, "-c", SENDER_PROCESS, str(silent.getsockname()[1])],
                env=env,
                cwd=Path(__file__).resolve().parents[2],
            )
            try:
                deadline = time.monotonic() + 60
                while not in_thread(lambda: OutgoingEmail.objects.filter(claimed_until__isnull=False).exists()):
                    assert process.poll() is None and time.monotonic() < deadline, "the sender never claimed it"
                    time.sleep(0.2)
                time.sleep(0.5)  # inside the SMTP connection now
            finally:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()

            email = in_thread(lambda: OutgoingEmail.objects.get())
            assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 0)
            assert email.claimed_until > timezone.now() + datetime.timedelta(seconds=emails.CLAIM_SECONDS - 60)
            assert in_thread(emails.send_due_emails) == (0, 1)  # still claimed: nobody sends it
            assert server.messages == []

            # The claim's 5 minutes pass: the next sweep sends it, once.
            past = timezone.now() - datetime.timedelta(seconds=1)
            in_thread(lambda: OutgoingEmail.objects.update(claimed_until=past))
            assert in_thread(emails.send_due_emails) == (1, 0)
            assert in_thread(emails.send_due_emails) == (0, 0)
            email = in_thread(lambda: OutgoingEmail.objects.get())
    finally:
        server.stop()
        silent.close()
    assert (email.status, email.attempts, email.claimed_until) == (OutgoingEmail.Status.SENT, 1, None)
    assert [message["Subject"] for _, message in server.messages] == ["Bilan"]
