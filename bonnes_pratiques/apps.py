from django.apps import AppConfig


class BonnesPratiquesConfig(AppConfig):
    name = "bonnes_pratiques"
    verbose_name = "Bonnes pratiques"

    def ready(self):
        from wagtail.signals import page_published

        from publications.catalogue import registry

        from .catalogue import prepare_imported_practice
        from .models import BonnePratiquePage
        from .signals import notify_submitter_on_publish

        page_published.connect(notify_submitter_on_publish, dispatch_uid="bonnes_pratiques_published")
        registry.register(BonnePratiquePage, prepare=prepare_imported_practice)
