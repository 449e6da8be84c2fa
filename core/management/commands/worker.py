"""`manage.py worker`: the one background worker (django-tasks-db's db_worker), periodic jobs included."""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from core.background import ensure_periodic


class Command(DBWorkerCommand):
    help = (
        "Exécute les tâches de fond (index de recherche, courriels, publication programmée, archives des kits, "
        "journal des recherches) et planifie les tâches périodiques. Plusieurs workers peuvent tourner à la fois."
    )

    def handle(self, *args, **options):
        ensure_periodic()
        super().handle(*args, **options)
