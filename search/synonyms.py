"""Query-time synonym expansion, shared by the engine and the database fallback.

Editors keep groups of equivalent terms in the `Synonym` snippet
("HAD, hospitalisation à domicile"). A query is normalised (lowercase, no
accents, no elisions) and every group whose term appears in it, as whole
words, yields variants of the query with that term replaced by the group's
other terms. The engine ORs the variants (search/query.py); the database
path ORs them too. The groups are cached in each worker and reloaded when a
synonym is saved or deleted (core/content_version.py), so an edit applies to the next
request in every worker.
"""

import re
import unicodedata

MAX_VARIANTS = 6
ELISION_RE = re.compile(r"\b(?:l|m|t|qu|n|s|j|d|c|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
WORD_RE = re.compile(r"\w+")


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def normalise(text):
    """Lowercase words without accents or elisions: "l'Hôpital" -> "hopital"."""
    return " ".join(WORD_RE.findall(fold(ELISION_RE.sub(" ", text))))


def parse_group(terms):
    """'HAD, hospitalisation à domicile' -> ['had', 'hospitalisation a domicile']"""
    seen = []
    for term in re.split(r"[,;\n]", terms):
        term = normalise(term)
        if term and term not in seen:
            seen.append(term)
    return seen


def read_groups():
    from .models import Synonym

    return [
        group for group in (parse_group(terms) for terms in Synonym.objects.values_list("terms", flat=True)) if group
    ]


def load_groups():
    from core.content_version import cached

    return cached("synonyms", read_groups)


def expand(query, groups=None):
    """The normalised query followed by its synonym variants (at most MAX_VARIANTS in all)."""
    base = normalise(query)
    if not base:
        return []
    if groups is None:
        groups = load_groups()
    variants = [base]
    padded = f" {base} "
    for group in groups:
        for term in group:
            if f" {term} " in padded:
                for other in group:
                    if other == term:
                        continue
                    variant = padded.replace(f" {term} ", f" {other} ", 1).strip()
                    if variant not in variants:
                        variants.append(variant)
                break
    return variants[:MAX_VARIANTS]
