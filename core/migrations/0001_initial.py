# The content version and the extracted PDF texts move from the search app to core: state only.
# Their tables were created by search's migrations and keep their names (Meta.db_table); no
# data moves. search.0005_move_to_core removes them from search's state after this one.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("search", "0004_postgres_french_config"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CacheVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("value", models.PositiveBigIntegerField(default=0)),
                    ],
                    options={"db_table": "search_cacheversion"},
                ),
                migrations.CreateModel(
                    name="ExtractedText",
                    fields=[
                        ("document_id", models.PositiveIntegerField(primary_key=True, serialize=False)),
                        ("file_hash", models.CharField(max_length=40)),
                        ("text", models.TextField(blank=True)),
                    ],
                    options={"db_table": "search_extractedtext"},
                ),
            ],
        ),
    ]
