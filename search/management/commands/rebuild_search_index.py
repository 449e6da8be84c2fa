import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.indexing import rebuild, transport

ENGINE_DOWN = (
    "Le moteur de recherche ne répond pas à {url} ({reason}) : l'index n'a pas été reconstruit. "
    "Vérifiez que le moteur est démarré et que SEARCH_URL est juste, puis relancez la commande."
)


def reason_of(exc):
    """A short reason, without the client's long repr of the request."""
    name = exc.__class__.__name__
    if "Timeout" in name or "timed out" in str(exc).lower():
        return "délai dépassé"
    if "Connection" in name or "refused" in str(exc).lower():
        return "connexion impossible"
    return name


class Command(BaseCommand):
    help = (
        "Reconstruit l'index des ressources dans un nouvel index, puis bascule l'alias "
        "(la recherche reste disponible pendant la reconstruction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, **options):
        if not settings.SEARCH_URL:
            raise CommandError("SEARCH_URL n'est pas défini : aucun moteur de recherche à indexer.")
        start = time.monotonic()
        try:
            name, count = rebuild(progress=not options["no_progress"], stdout=self.stderr._out)
        except transport().errors as exc:
            raise CommandError(ENGINE_DOWN.format(url=settings.SEARCH_URL, reason=reason_of(exc))) from exc
        except RuntimeError as exc:  # the engine refused documents (search.indexing.sync.bulk_write)
            raise CommandError(f"Le moteur de recherche a refusé des documents : {exc}") from exc
        self.stdout.write(f"{count} ressources indexées dans {name} en {time.monotonic() - start:.1f} s.")
