# CacheVersion and ExtractedText now belong to core (core.0001_initial): state only, the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0004_postgres_french_config"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="CacheVersion"),
                migrations.DeleteModel(name="ExtractedText"),
            ],
        ),
    ]
