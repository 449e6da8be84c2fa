"""French words for the database fallback: accents folded, stemmed (Snowball), typos corrected
against the catalogue's own words, stop words left out.

A query word becomes a group of alternatives: every catalogue word with the same stem as one of
its forms (singular, plural, -é/-ée), and, when the catalogue does not know the word, the words one
edit away (a swap counts as one edit). fulltext.py ANDs the groups, then asks for all but one.
"""

import re
import threading
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from core import content_version

from ..synonyms import WORD_RE, fold

STOPWORDS = frozenset(
    (
        "a au aux avec ce ces cet cette d dans de des du elle en et est il ils l la le les leur leurs m mais ne ni "
        "nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te tes ton un une vos votre vous y"
    ).split()
)
NUMBER_RE = re.compile(r"[0-9]+")  # numbers are never corrected
MIN_TYPO_LENGTH = 4  # one-letter typos are corrected in words of 4 letters or more
MAX_CORRECTIONS = 4

_lock = threading.Lock()
_stemmer = snowballstemmer.stemmer("french")  # not thread-safe: used under _lock


@lru_cache(maxsize=100_000)
def stem(word):
    with _lock:
        return _stemmer.stemWord(word)


def forms(word):
    """Stems of a folded word's forms: its singular, feminine and plural ("dedie", "dediee", "dedies")."""
    base = word[:-1] if len(word) > 3 and word[-1] == "s" else word
    if base.endswith("ee"):
        base = base[:-1]
    return {stem(form) for form in (word, base, base + "e", base + "s", base + "es")}


def content_words(text):
    """The words of a normalised query, stop words left out (all of them when nothing else is left)."""
    words = text.split()
    kept = [word for word in words if word not in STOPWORDS]
    return kept or words


class Vocabulary:
    """The catalogue's words (titles, theme and audience names): {stem: words}, and the word list for typos."""

    def __init__(self, texts):
        # Distinct words first: folding and stemming each of 20,000 titles' words is the slow part.
        distinct = {word for text in texts for word in WORD_RE.findall(text.lower()) if len(word) > 1}
        self.spelt = {}  # folded word -> the word as the catalogue writes it ("hopitaux" -> "hôpitaux")
        for word in sorted(distinct):
            self.spelt.setdefault(fold(word), word)
        self.words = sorted(self.spelt)
        self.by_stem = {}
        for word in self.words:
            self.by_stem.setdefault(stem(word), set()).add(word)

    def corrections(self, word):
        """Catalogue words one edit away from an unknown word, closest first."""
        if len(word) < MIN_TYPO_LENGTH or word in self.spelt or NUMBER_RE.fullmatch(word):
            return []
        found = process.extract(word, self.words, scorer=OSA.distance, score_cutoff=1, limit=MAX_CORRECTIONS)
        return [match for match, _, _ in sorted(found, key=lambda row: row[1])]

    def spelling(self, query):
        """The query with each unknown word replaced by its closest catalogue word, and every word
        with the catalogue's accents ("hopitaus de proximite" -> "hôpitaux de proximité"); "" if unchanged."""

        def spell(match):
            word = match.group(0)
            folded = fold(word)
            corrections = self.corrections(folded) if len(folded) > 2 else []
            spelt = self.spelt[corrections[0]] if corrections else self.spelt.get(folded, word)
            return spelt[:1].upper() + spelt[1:] if word[:1].isupper() else spelt

        suggestion = WORD_RE.sub(spell, query)
        return suggestion if suggestion != query else ""

    def alternatives(self, word):
        """(words, stems): the word's forms the catalogue holds, or those of its corrections."""
        stems = set(forms(word))
        words = {word}
        for candidate in self.corrections(word):
            stems |= forms(candidate)
            words.add(candidate)
        for one in list(stems):
            words |= self.by_stem.get(one, set())
        return sorted(words), sorted(stems)


def read_vocabulary():
    from publications.models import Audience, ResourcePage, Theme

    texts = list(ResourcePage.objects.live().values_list("title", flat=True))
    texts += list(Theme.objects.values_list("name", flat=True)) + list(Audience.objects.values_list("name", flat=True))
    return Vocabulary(texts)


def vocabulary():
    """Kept per worker until the content version changes (publishing bumps it)."""
    return content_version.cached("fallback_vocabulary", read_vocabulary)


def groups(variant, words=None):
    """[(words, stems)] for each content word of one normalised query variant."""
    words = words or vocabulary()
    return [words.alternatives(word) for word in content_words(variant)]
