from django.apps import AppConfig


class BonnesPratiquesConfig(AppConfig):
    name = "bonnes_pratiques"
    verbose_name = "Bonnes pratiques"

    def ready(self):
        from wagtail.signals import page_published

        from .signals import notify_submitter_on_publish

        page_published.connect(notify_submitter_on_publish, dispatch_uid="bonnes_pratiques_published")
