"""Give the "Modérateurs" group the right to moderate submissions and watch the e-mail outbox."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("submission", "moderate_submission"),
    ("submission", "view_submission"),
    ("outgoingemail", "view_outgoingemail"),
    ("outgoingemail", "change_outgoingemail"),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("bonnes_pratiques")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Modérateurs")
    for model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="bonnes_pratiques", content_type__model=model, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Modérateurs").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="bonnes_pratiques", codename__in=[c for _m, c in PERMISSIONS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("bonnes_pratiques", "0003_submissions"),
        ("home", "0003_editor_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
