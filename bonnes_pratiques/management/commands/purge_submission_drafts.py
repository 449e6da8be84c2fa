import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from bonnes_pratiques.models import SubmissionFile
from bonnes_pratiques.services import discard_files


class Command(BaseCommand):
    help = "Supprime les fichiers de brouillons de formulaire jamais envoyés (plus vieux que --days jours)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2)

    def handle(self, *args, days=2, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        stale = list(SubmissionFile.objects.filter(submission__isnull=True, created_at__lt=cutoff))
        discard_files(stale)
        self.stdout.write(f"{len(stale)} fichier(s) de brouillon supprimé(s).")
