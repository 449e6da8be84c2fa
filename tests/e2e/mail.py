"""A real SMTP server for the journeys (aiosmtpd), run in a thread of the test process."""

import email
import socket
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """Keeps every message it accepts; can be stopped and started again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._lock = threading.Lock()
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self):
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address):
        """The messages received for `address`: (subject, plain-text body) pairs, in order."""
        with self._lock:
            return [
                (message["Subject"], message.get_body(("plain",)).get_content())
                for recipients, message in self.messages
                if address in recipients
            ]

    def messages_for(self, address):
        """The whole messages (headers included) received for `address`, in order."""
        with self._lock:
            return [message for recipients, message in self.messages if address in recipients]

    def wait_for_message(self, address, subject_part, timeout=15):
        """The one message for `address` whose subject holds `subject_part`, headers and all."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.messages_for(address) if subject_part in m["Subject"]]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert len(found) == 1, f"{len(found)} message(s) « {subject_part} » for {address}: {self.to(address)}"
        return found[0]

    def wait_for(self, address, subject_part, timeout=15):
        """The body of the one message for `address` whose subject holds `subject_part`."""
        deadline = time.monotonic() + timeout
        while True:
            found = [body for subject, body in self.to(address) if subject_part in subject]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert len(found) == 1, f"{len(found)} message(s) « {subject_part} » for {address}: {self.to(address)}"
        return found[0]
