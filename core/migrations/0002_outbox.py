# The e-mail outbox and the rate-limit counters move from bonnes_pratiques to core, so that any app
# writes to people through them. Their tables and rows are kept: core takes the models over in the
# state only, renames the tables, then the outbox's link to a submission becomes a generic one
# (content type + id, the same id). The content types are renamed too, so the "Modérateurs"
# group keeps its permissions, and the tasks already queued under the old path are repointed.
# bonnes_pratiques.0007_move_outbox_to_core then drops the models from bonnes_pratiques' state.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

MOVED = ("outgoingemail", "ratelimitcounter")
TASKS = ("send_email_task", "send_due_emails_task")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="core", model=model).exists():
            ContentType.objects.filter(app_label="bonnes_pratiques", model=model).update(app_label="core")
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    linked = OutgoingEmail.objects.exclude(legacy_submission_id=None)
    if linked.exists():
        submission_type, _ = ContentType.objects.get_or_create(app_label="bonnes_pratiques", model="submission")
        linked.update(content_type=submission_type, object_id=models.F("legacy_submission_id"))
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for name in TASKS:
        DBTaskResult.objects.filter(task_path=f"bonnes_pratiques.tasks.{name}").update(task_path=f"core.tasks.{name}")


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    OutgoingEmail.objects.filter(
        content_type__app_label="bonnes_pratiques", content_type__model="submission"
    ).update(legacy_submission_id=models.F("object_id"))
    for model in MOVED:
        if not ContentType.objects.filter(app_label="bonnes_pratiques", model=model).exists():
            ContentType.objects.filter(app_label="core", model=model).update(app_label="bonnes_pratiques")
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for name in TASKS:
        DBTaskResult.objects.filter(task_path=f"core.tasks.{name}").update(task_path=f"bonnes_pratiques.tasks.{name}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("bonnes_pratiques", "0006_outbox_claims"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingEmail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("to", models.TextField(help_text="Une adresse par ligne.", verbose_name="Destinataires")),
                        ("subject", models.CharField(max_length=255, verbose_name="Objet")),
                        ("body", models.TextField(verbose_name="Message")),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "En attente"), ("sent", "Envoyé"), ("failed", "Abandonné")],
                                db_index=True,
                                default="pending",
                                max_length=10,
                                verbose_name="État",
                            ),
                        ),
                        ("attempts", models.PositiveIntegerField(default=0, verbose_name="Tentatives")),
                        ("last_error", models.TextField(blank=True, verbose_name="Dernière erreur")),
                        # The column bonnes_pratiques made as a foreign key, read once below.
                        ("legacy_submission_id", models.BigIntegerField(null=True, db_column="submission_id")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="Créé le")),
                        ("last_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="Dernière tentative")),
                        (
                            "next_attempt_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="Prochaine tentative"),
                        ),
                        (
                            "claimed_until",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="En cours d'envoi jusqu'à"
                            ),
                        ),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="Envoyé le")),
                    ],
                    options={
                        "verbose_name": "e-mail",
                        "verbose_name_plural": "e-mails",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "bonnes_pratiques_outgoingemail",
                    },
                ),
                migrations.CreateModel(
                    name="RateLimitCounter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("scope", models.CharField(max_length=30)),
                        ("key", models.CharField(max_length=64)),
                        ("window_start", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "bonnes_pratiques_ratelimitcounter",
                        "indexes": [models.Index(fields=["window_start"], name="bonnes_prat_window__4d0826_idx")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("scope", "key", "window_start"), name="ratelimit_one_counter_per_window"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="outgoingemail", table=None),
        migrations.AlterModelTable(name="ratelimitcounter", table=None),
        migrations.RenameIndex(
            model_name="ratelimitcounter", new_name="ratelimit_window_start", old_name="bonnes_prat_window__4d0826_idx"
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="headers",
            field=models.JSONField(blank=True, default=dict, verbose_name="En-têtes"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="Objet lié (type)",
            ),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="Objet lié (identifiant)"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="outgoingemail", name="legacy_submission_id"),
        migrations.AddIndex(
            model_name="outgoingemail",
            index=models.Index(fields=["content_type", "object_id"], name="outbox_related"),
        ),
    ]
