from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Socle"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import background, content_version, in_transaction

        # First app in INSTALLED_APPS: the version moves before other apps' receivers of the
        # same signals run (index updates read public() pages, kept under it).
        content_version.connect()
        background.connect()
        in_transaction.connect()
