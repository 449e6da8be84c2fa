"""Editorial workflow: review, scheduled publishing, previews and revisions."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, WorkflowState

from publications.models import PublicationPage

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    user = User.objects.create_user(username, f"{username}@anap.fr", "motdepasse-de-test")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(site_tree):
    return member_of("Éditeurs", "editrice")


@pytest.fixture
def moderator(site_tree):
    return member_of("Modérateurs", "moderateur")


@pytest.fixture
def submitted_page(client, editor, make_resource):
    page = make_resource(title="Fiche en relecture")
    page.unpublish()
    client.force_login(editor)
    page.get_workflow().start(page, editor)
    return Page.objects.get(pk=page.pk)


def workflow_action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def test_every_page_is_under_the_relecture_workflow(site_tree):
    workflow = site_tree["ressources"].get_workflow()
    assert workflow.name == "Relecture"
    assert [task.name for task in workflow.tasks] == ["Validation par les Modérateurs"]
    assert list(workflow.tasks[0].specific.groups.values_list("name", flat=True)) == ["Modérateurs"]


def test_an_editor_submits_from_the_admin(client, editor, site_tree):
    client.force_login(editor)
    from tests.test_admin import publication_form

    url = f"/admin/pages/add/publications/publicationpage/{site_tree['ressources'].pk}/"
    response = client.post(url, publication_form("Soumise en relecture", **{"action-submit": "1"}))
    assert response.status_code == 302
    page = PublicationPage.objects.get(title="Soumise en relecture")
    assert not page.live
    assert page.workflow_in_progress


def test_a_moderator_approves_and_the_page_goes_live(client, moderator, submitted_page):
    client.force_login(moderator)
    response = client.post(workflow_action_url(submitted_page, "approve"), {"comment": "Parfait."})
    assert response.status_code in (200, 302)
    submitted_page.refresh_from_db()
    assert submitted_page.live
    assert WorkflowState.objects.filter(object_id=str(submitted_page.pk)).latest("created_at").status == "approved"


def test_a_moderator_rejects_with_a_comment(client, moderator, submitted_page):
    client.force_login(moderator)
    response = client.post(workflow_action_url(submitted_page, "reject"), {"comment": "Le chapô est trop long."})
    assert response.status_code in (200, 302)
    submitted_page.refresh_from_db()
    assert not submitted_page.live
    state = WorkflowState.objects.filter(object_id=str(submitted_page.pk)).latest("created_at")
    assert state.status == "needs_changes"
    assert state.current_task_state.comment == "Le chapô est trop long."


def test_an_editor_cannot_approve(client, editor, submitted_page):
    client.force_login(editor)
    client.post(workflow_action_url(submitted_page, "approve"), {"comment": ""})
    submitted_page.refresh_from_db()
    assert not submitted_page.live


def test_scheduled_go_live_and_expiry_run_by_publish_scheduled(make_resource, let_go_live_pass):
    page = make_resource(title="Programmée")
    page.unpublish()
    page = PublicationPage.objects.get(pk=page.pk)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.expire_at = timezone.now() + datetime.timedelta(days=30)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live and page.has_unpublished_changes

    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live, "not before its time"

    let_go_live_pass(revision)  # the approved go-live date is now in the past
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live

    PublicationPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live and page.expired


def test_every_page_type_has_a_working_preview(site_tree):
    from django.apps import apps

    call_command("load_demo", verbosity=0)
    page_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and model.is_creatable and model.objects.exists()
    ]
    assert len(page_models) >= 12
    for model in page_models:
        page = model.objects.first()
        response = page.make_preview_request()
        assert response.status_code == 200, model.__name__
        assert escape(page.title) in response.content.decode() or model.__name__ == "HomePage"


def test_revisions_can_be_compared_and_restored(client, moderator, make_resource):
    page = make_resource(title="Version 1")
    first = page.latest_revision
    page.title = "Version 2"
    second = page.save_revision()
    second.publish()
    client.force_login(moderator)
    compare = client.get(reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first.pk, second.pk)))
    assert compare.status_code == 200
    assert "deletion" in compare.content.decode() and "addition" in compare.content.decode()
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=(page.pk, first.pk)))
    assert revert.status_code == 200 and 'value="Version 1"' in revert.content.decode()
