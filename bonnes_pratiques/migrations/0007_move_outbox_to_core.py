# The outbox and the rate-limit counters now belong to core (core.0002_outbox took their tables
# and rows over): they leave bonnes_pratiques' state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("bonnes_pratiques", "0006_outbox_claims"),
        ("core", "0002_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="OutgoingEmail"),
                migrations.DeleteModel(name="RateLimitCounter"),
            ],
        ),
    ]
