"""On PostgreSQL, a French text search configuration for Wagtail's database search.

The default ("english") treats "had" as a stop word and keeps accents, so the
fallback would miss "HAD" and "hopitaux". `anap_french` is French stemming over
unaccented words. Creating the unaccent extension needs the right to do so; without
it the configuration is plain French (accents then matter on PostgreSQL only).
"""

from django.db import migrations

CONFIG = "anap_french"


def create_config(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone():
            return
        cursor.execute("SAVEPOINT anap_unaccent")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("RELEASE SAVEPOINT anap_unaccent")
            has_unaccent = True
        except Exception:  # noqa: BLE001 - no right to create extensions: plain French
            cursor.execute("ROLLBACK TO SAVEPOINT anap_unaccent")
            has_unaccent = False
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.french)")
        if has_unaccent:
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
            )


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_cacheversion")]

    operations = [migrations.RunPython(create_config, drop_config)]
