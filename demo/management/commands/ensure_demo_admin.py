"""Create the demo accounts: an administrator, an editor and a moderator.

They share one password, kept in BASE_DIR/.admin-password (gitignored) so the
login printed here stays valid from one run to the next. DEMO_ADMIN_PASSWORD
sets it explicitly.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.site_tree import sync_default_site

# username, first name, last name, group (None: superuser)
ACCOUNTS = [
    ("admin", "Administratrice", "Anap", None),
    ("editrice", "Élise", "Éditrice", "Éditeurs"),
    ("moderateur", "Marc", "Modérateur", "Modérateurs"),
]


def password_file():
    return settings.BASE_DIR / ".admin-password"


def demo_password():
    """DEMO_ADMIN_PASSWORD, else the stored password, else a new random one; always stored."""
    path = password_file()
    password = os.environ.get("DEMO_ADMIN_PASSWORD", "").strip()
    if not password and path.exists():
        password = path.read_text(encoding="utf-8").strip()
    if not password:
        password = secrets.token_urlsafe(12)
    if not path.exists() or path.read_text(encoding="utf-8").strip() != password:
        path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


class Command(BaseCommand):
    help = "Crée les comptes de démonstration (admin, editrice, moderateur) et affiche leurs identifiants."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        groups = {}
        for _username, _first, _last, group_name in ACCOUNTS:
            if group_name:
                try:
                    groups[group_name] = Group.objects.get(name=group_name)
                except Group.DoesNotExist:
                    raise CommandError(
                        f"Le groupe « {group_name} » est introuvable : lancez d'abord « manage.py migrate »."
                    ) from None

        password = demo_password()
        for username, first_name, last_name, group_name in ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, email=f"{username}@example.org")
                state = "créé"
            elif not user.check_password(password):
                state = "mot de passe réinitialisé"
            else:
                state = "déjà présent"
            user.first_name = user.first_name or first_name
            user.last_name = user.last_name or last_name
            user.is_active = True
            if group_name is None:
                user.is_staff = True
                user.is_superuser = True
            if state != "déjà présent":
                user.set_password(password)
            user.save()
            if group_name:
                user.groups.add(groups[group_name])
            if options["verbosity"] > 1:
                self.stdout.write(f"  {username} : {state}")

        # The default site answers at BASE_URL, which the address printed here uses too.
        sync_default_site()
        self.stdout.write(self.style.SUCCESS(f"Administration : {settings.BASE_URL}/admin/"))
        self.stdout.write(f"Mot de passe (commun aux trois comptes) : {password}")
        self.stdout.write("  - admin       : superutilisateur")
        self.stdout.write("  - editrice    : groupe « Éditeurs » (rédige et soumet à modération)")
        self.stdout.write("  - moderateur  : groupe « Modérateurs » (relit et publie)")
        self.stdout.write(f"Le mot de passe est conservé dans {password_file()}.")
