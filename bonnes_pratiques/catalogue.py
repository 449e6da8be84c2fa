"""Import of practices from a catalogue: the fields the catalogue does not carry.

Declared by `BonnePratiquePage.prepare_import`, which the importer calls; derived once, when the page
is created, and moderators can correct them afterwards.
"""

import hashlib
import re
import unicodedata

from .choices import REGION_CHOICES

_STRUCTURE_RE = re.compile(
    r"\b(?P<kind>[cC]entre hospitalier universitaire|[cC]entre hospitalier|[hH]ôpital de proximité|[hH]ôpital"
    r"|[cC]linique|CHU|EHPAD|HAD|SSIAD|CPTS|GHT)"
    r"(?P<name>(?:\s+(?:de\s+|du\s+|des\s+|d'|d’)?[A-ZÀ-Ý][\w'’-]*)+)"
)
_STRUCTURE_TYPES = {
    "centre hospitalier universitaire": "hopital",
    "centre hospitalier": "hopital",
    "hôpital de proximité": "hopital_proximite",
    "hôpital": "hopital",
    "chu": "hopital",
    "ehpad": "ehpad",
    "had": "had",
    "ssiad": "ssiad",
    "cpts": "cpts",
}
UNKNOWN_STRUCTURE = ("Structure non renseignée", "autre")


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_REGIONS = [(re.compile(r"\b" + re.escape(_ascii(label)) + r"\b"), value) for value, label in REGION_CHOICES]


def guess_structure(record):
    """(name, type) of the structure a practice comes from, read in its title or summary.

    "Comment le centre hospitalier de Vannes a réussi à…" -> ("Centre hospitalier de Vannes", "hopital").
    """
    for text in (record.title, record.summary, *record.paragraphs):
        match = _STRUCTURE_RE.search(text)
        if match:
            name = (match["kind"] + match["name"]).strip()
            structure_type = _STRUCTURE_TYPES.get(match["kind"].lower(), "autre")
            return (name[:1].upper() + name[1:])[:200], structure_type
    return UNKNOWN_STRUCTURE


def guess_region(record):
    """The first region named in the practice's text; otherwise one picked from its slug (stable)."""
    for text in (record.title, record.summary, *record.paragraphs):
        normalized = _ascii(text)
        for pattern, value in _REGIONS:
            if pattern.search(normalized):
                return value
    digest = int(hashlib.sha1(record.slug.encode()).hexdigest(), 16)
    return REGION_CHOICES[digest % len(REGION_CHOICES)][0]


def prepare_imported_practice(page, record):
    """Give a practice created by the import its structure and region, read in its text."""
    page.structure_name, page.structure_type = guess_structure(record)
    page.region = guess_region(record)
