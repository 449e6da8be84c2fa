from django.db import migrations
from django.utils.text import slugify

from publications.vocabularies import AUDIENCES, THEMES


def seed(apps, schema_editor):
    for model_name, names in (("Theme", THEMES), ("Audience", AUDIENCES)):
        model = apps.get_model("publications", model_name)
        for name in names:
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
