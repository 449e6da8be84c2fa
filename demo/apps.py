from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration content and its loader: above the content apps, which it fills."""

    name = "demo"
    verbose_name = "Démonstration"
