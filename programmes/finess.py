"""FINESS numbers (Fichier national des établissements sanitaires et sociaux).

Nine characters: the département (two characters: 01 to 95 but 20, Corsica's 2A and 2B, 97 and 98
overseas), six digits of order number, then a check key. The key is Luhn's (mod 10) over the nine
digits; checked against the open FINESS data (010000016, 010000156, 010780195, 010787190,
970302477...). python-stdnum 2.2 has no FINESS module. The Corsican numbers carry letters, which
Luhn does not define, and published ones (the CH de Bastia's 2B0000020) do not satisfy it with
any digit put for the letter: their key is not checked, only their form.
"""

import re

FORM = re.compile(r"(?:0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|9[78])[0-9]{7}")

INVALID_FORM = (
    "Le numéro FINESS comporte 9 caractères : le numéro du département (01 à 95, 2A ou 2B pour la Corse, "
    "97 ou 98 outre-mer) puis 7 chiffres, par exemple 010780195."
)
INVALID_KEY = (
    "Ce numéro FINESS n'est pas valide : son dernier chiffre (la clé de contrôle) ne correspond pas aux "
    "8 premiers. Vérifiez-le sur votre arrêté d'autorisation ou sur finess.esante.gouv.fr."
)


def normalize(value):
    """Spaces and dots removed, letters upper-cased (a FINESS is often written "01 078 019 5")."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def luhn_ok(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_key(first_eight):
    """The check digit that completes eight digits (for tests and demo data)."""
    return next(str(key) for key in range(10) if luhn_ok(first_eight + str(key)))


def error(value):
    """The French message for a wrong FINESS number, or None when it is valid (after normalize())."""
    if len(value) != 9 or not FORM.fullmatch(value):
        return INVALID_FORM
    if value[:2] in ("2A", "2B"):
        return None
    return None if luhn_ok(value) else INVALID_KEY
