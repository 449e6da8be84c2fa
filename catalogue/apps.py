from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """The catalogue importer: an orchestrator above the content apps (`manage.py import_catalogue`)."""

    name = "catalogue"
    verbose_name = "Import de catalogue"
