"""The "Équipe appuis terrain" group: the admin and the applications (view, decide, export)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Équipe appuis terrain"
PERMISSIONS = [("programmes", "view_application"), ("programmes", "change_application"), ("wagtailadmin", "access_admin")]


def grant(apps, schema_editor):
    config = apps.get_app_config("programmes")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("home", "0003_editor_groups"),  # creates access_admin
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
