"""Give "Éditeurs" and "Modérateurs" the document permissions Wagtail actually checks.

Wagtail's document permission policy checks the permissions of its base model,
wagtaildocs.Document, granted per collection (CollectionOwnershipPermissionPolicy
with auth_model="wagtaildocs.Document"), not those of the custom HubDocument:
with only the publications.hubdocument permissions of 0003, nobody but a
superuser could upload, edit or choose a document in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DOCUMENT_PERMS = {
    "Éditeurs": ["add_document", "change_document", "choose_document"],
    "Modérateurs": ["add_document", "change_document", "choose_document", "delete_document"],
}


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    for name, codenames in DOCUMENT_PERMS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename)
            group.permissions.add(permission)
            if root_collection:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for name, codenames in DOCUMENT_PERMS.items():
        permissions = Permission.objects.filter(content_type__app_label="wagtaildocs", codename__in=codenames)
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*permissions)
            GroupCollectionPermission.objects.filter(group=group, permission__in=permissions).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_relecture_workflow"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
