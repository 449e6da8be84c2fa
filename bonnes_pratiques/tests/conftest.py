import pytest
from django.contrib.auth.models import Group, User
from django.test import Client


@pytest.fixture
def moderator(site_tree):
    user = User.objects.create_user("moderatrice", "moderatrice@anap.fr", "motdepasse-de-test")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def editor_client(site_tree):
    user = User.objects.create_user("editrice", "editrice@anap.fr", "motdepasse-de-test")
    user.groups.add(Group.objects.get(name="Éditeurs"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "bonnes_pratiques.tests.backends.FailingBackend"


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd, tests/e2e/mail.py) that Django's SMTP backend sends through."""
    from tests.e2e.mail import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
