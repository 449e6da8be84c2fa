"""The confirmation link: signed (django.core.signing), valid ALERTS_CONFIRM_SECONDS, and good once
(it carries the alert's nonce, which confirming replaces)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "alerts.confirm"
CONFIRM_SECONDS = 3 * 24 * 3600


def confirm_seconds():
    return getattr(settings, "ALERTS_CONFIRM_SECONDS", CONFIRM_SECONDS)


def confirm_path(alert):
    token = signing.dumps([alert.pk, alert.nonce], salt=SALT, compress=False)
    return reverse("alerts:confirm", args=[token])


class LinkError(ValueError):
    """The message says what happened, in French."""


EXPIRED = (
    "Ce lien de confirmation a expiré : il est valable {days} jours. "
    "Demandez à nouveau l'alerte, vous recevrez un nouveau lien."
)
INVALID = (
    "Ce lien de confirmation n'est pas valable. Vérifiez qu'il a été copié en entier, ou demandez à nouveau l'alerte."
)


def read(token):
    """(alert pk, nonce) of a confirmation token, or LinkError."""
    try:
        pk, nonce = signing.loads(token, salt=SALT, max_age=confirm_seconds())
    except signing.SignatureExpired as exc:
        raise LinkError(EXPIRED.format(days=max(1, confirm_seconds() // 86400))) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkError(INVALID) from exc
    if not isinstance(pk, int) or not isinstance(nonce, str):
        raise LinkError(INVALID)
    return pk, nonce
