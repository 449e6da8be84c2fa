"""Create the "Éditeurs" and "Modérateurs" groups.

Éditeurs write and submit pages for review; Modérateurs also publish,
moderate submissions and manage the vocabularies.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMON = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("publications", "hubdocument", "add_hubdocument"),
    ("publications", "hubdocument", "change_hubdocument"),
    ("publications", "hubdocument", "choose_document"),
    ("publications", "theme", "view_theme"),
    ("publications", "audience", "view_audience"),
]
MODERATOR_EXTRA = [
    ("wagtailimages", "image", "delete_image"),
    ("publications", "hubdocument", "delete_hubdocument"),
    ("publications", "theme", "add_theme"),
    ("publications", "theme", "change_theme"),
    ("publications", "audience", "add_audience"),
    ("publications", "audience", "change_audience"),
    ("wagtailsearchpromotions", "searchpromotion", "add_searchpromotion"),
    ("wagtailsearchpromotions", "searchpromotion", "change_searchpromotion"),
    ("wagtailsearchpromotions", "searchpromotion", "delete_searchpromotion"),
]
EDITOR_PAGE_PERMS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "publications": ["add_hubdocument", "change_hubdocument", "choose_document"],
}


def ensure_permissions(apps):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, wagtail_default, extra, page_perms in (
        ("Éditeurs", "Editors", [], EDITOR_PAGE_PERMS),
        ("Modérateurs", "Moderators", MODERATOR_EXTRA, MODERATOR_PAGE_PERMS),
    ):
        # Take over Wagtail's English default group (its approval task points at
        # "Moderators"), so the admin shows one French pair, not two.
        group = Group.objects.filter(name__in=[name, wagtail_default]).first() or Group(name=name)
        group.name = name
        group.save()
        for app_label, _model, codename in COMMON + extra:
            group.permissions.add(perm(app_label, codename))
        if root_page:
            for codename in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=perm("wagtailcore", codename)
                )
        if root_collection:
            for app_label, codenames in COLLECTION_PERMS.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm(app_label, codename)
                    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Éditeurs", "Modérateurs"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_initial"),
        ("publications", "0002_seed_vocabularies"),
        ("bonnes_pratiques", "0002_initial"),
        ("wagtailcore", "0001_initial"),
        ("wagtailimages", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailsearchpromotions", "0001_initial"),
        ("auth", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
