"""The "Relecture" workflow: Éditeurs submit, Modérateurs approve or reject with a comment.

Wagtail's first migrations create a "Moderators approval" workflow on the root page;
we take it over (renamed, in French, pointing at "Modérateurs") rather than add a second one.
"""

from django.db import migrations

WORKFLOW_NAME = "Relecture"
TASK_NAME = "Validation par les Modérateurs"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    moderators = Group.objects.get(name="Modérateurs")
    task = (
        GroupApprovalTask.objects.filter(name__in=[TASK_NAME, "Moderators approval"]).first()
        or GroupApprovalTask(
            content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")[0]
        )
    )
    task.name = TASK_NAME
    task.active = True
    task.save()
    task.groups.set([moderators])

    workflow = Workflow.objects.filter(name__in=[WORKFLOW_NAME, "Moderators approval"]).first() or Workflow()
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).first()
    if root:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_editor_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
