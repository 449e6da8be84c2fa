from django.core.management.base import BaseCommand

from core.outbox import send_pending_emails


class Command(BaseCommand):
    help = "Envoie les e-mails en attente de l'outbox (à lancer régulièrement, par exemple toutes les 5 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--include-failed", action="store_true", help="Retente aussi les e-mails abandonnés.")

    def handle(self, *args, include_failed=False, **options):
        sent, pending = send_pending_emails(include_failed=include_failed)
        self.stdout.write(f"{sent} e-mail(s) envoyé(s), {pending} toujours en attente.")
