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
