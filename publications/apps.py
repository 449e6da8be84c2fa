from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Ressources"

    def ready(self):
        from . import signals

        signals.connect()
