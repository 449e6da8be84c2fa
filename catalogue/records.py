"""One line of the catalogue (format: shared/corpus/README.md) as a validated `Record`.

`parse_line()` returns a clean `Record` or raises a `LineError` whose message is
French and line-numbered. Nothing here touches the database.
"""

import datetime
import html
import json
import re
from dataclasses import dataclass

from django.utils.text import slugify
from wagtail.rich_text import RichText

from . import registry

SECTORS = {
    "sanitaire": "sanitaire",
    "médico-social": "medico-social",
    "medico-social": "medico-social",
    "ville": "ville",
    "transversal": "transversal",
}
FIELDS = ("slug", "type", "title", "summary", "body", "themes", "audiences", "sector", "published", "file_pages")
MAX_TITLE_LENGTH = 255  # Page.title
MAX_SLUG_LENGTH = 255  # Page.slug
MAX_TAG_LENGTH = 100  # taggit's TagBase.name
MAX_FILE_PAGES = 1000
SLUG_RE = re.compile(r"^[-\w]+\Z")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \t]*\n")
FORBIDDEN_CHARACTER_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class LineError(Exception):
    """A line of the catalogue that cannot be imported; the message is for the editor."""

    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"ligne {line} : {message}")


@dataclass(frozen=True)
class Record:
    """One validated line of the catalogue."""

    line: int
    slug: str
    type: str
    title: str
    summary: str
    paragraphs: tuple
    themes: tuple
    audiences: tuple
    sector: str
    published: datetime.date
    file_pages: int
    components: tuple | None = None  # kits only: slugs of resources, in order; None: not in the line

    @property
    def model(self):
        return registry.get(self.type).page_class

    def body_blocks(self):
        """The body as StreamField data: one rich text "paragraph" block per paragraph."""
        return [("paragraph", RichText(paragraph_html(text))) for text in self.paragraphs]

    def pdf_arguments(self):
        return (self.title, [self.summary, *self.paragraphs], self.file_pages)


def paragraph_html(text):
    """A plain-text paragraph as rich text: escaped, single line breaks kept."""
    return "<p>" + "<br/>".join(html.escape(line.strip(), quote=False) for line in text.split("\n")) + "</p>"


def split_paragraphs(body):
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(part.strip() for part in PARAGRAPH_SPLIT_RE.split(body) if part.strip())


# --- Parsing and validation -------------------------------------------------------------


def _quote(value, limit=60):
    text = str(value)
    return f"« {text[:limit]}… »" if len(text) > limit else f"« {text} »"


def _forbidden_character(name, value, problems):
    """NUL and other control characters (C0 but tab and line breaks, DEL, C1) and lone surrogates:
    never stored, shown or indexed. True when one was found (and reported)."""
    match = FORBIDDEN_CHARACTER_RE.search(value)
    if match:
        code = f"U+{ord(match.group()):04X}"
        kind = "invalide" if "\ud800" <= match.group() <= "\udfff" else "de contrôle"
        problems.append(f"champ « {name} » : caractère {kind} {code} interdit (position {match.start() + 1})")
    return bool(match)


def _text(data, name, problems, *, required=True, max_length=None):
    value = data[name]
    if not isinstance(value, str):
        problems.append(f"champ « {name} » : texte attendu")
        return None
    if _forbidden_character(name, value, problems):
        return None
    value = value.strip()
    if required and not value:
        problems.append(f"champ « {name} » vide")
        return None
    if max_length and len(value) > max_length:
        problems.append(f"champ « {name} » trop long ({len(value)} caractères, {max_length} au maximum)")
        return None
    return value


def _names(data, name, problems):
    value = data[name]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"champ « {name} » : liste de textes attendue")
        return None
    names, seen = [], set()
    for item in value:
        if _forbidden_character(name, item, problems):
            return None
        item = " ".join(item.split())
        if not item:
            problems.append(f"champ « {name} » : nom vide")
            return None
        if len(item) > MAX_TAG_LENGTH or not slugify(item):
            problems.append(f"champ « {name} » : nom {_quote(item)} invalide ({MAX_TAG_LENGTH} caractères au maximum)")
            return None
        if slugify(item) not in seen:  # "Médecins" and "médecins" are one audience
            seen.add(slugify(item))
            names.append(item)
    return tuple(names)


def parse_line(number, text):
    """Validate one line of the catalogue; return a `Record` or raise `LineError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(number, f"JSON invalide (colonne {exc.colno})") from None
    if not isinstance(data, dict):
        raise LineError(number, "un objet JSON est attendu")

    problems = [f"champ « {name} » manquant" for name in FIELDS if name not in data]
    present = {name for name in FIELDS if name in data}
    clean = {}

    if "slug" in present:
        slug = data["slug"]
        if not isinstance(slug, str):
            problems.append("champ « slug » : texte attendu")
        elif not slug or len(slug) > MAX_SLUG_LENGTH or not SLUG_RE.match(slug):
            problems.append(f"slug {_quote(slug)} invalide (lettres, chiffres, tirets ; {MAX_SLUG_LENGTH} au maximum)")
        else:
            clean["slug"] = slug
    if "type" in present:
        if not isinstance(data["type"], str) or data["type"] not in registry.names():
            problems.append(f"type {_quote(data['type'])} inconnu (attendu : {', '.join(registry.names())})")
        else:
            clean["type"] = data["type"]
    if "title" in present:
        clean["title"] = _text(data, "title", problems, max_length=MAX_TITLE_LENGTH)
    if "summary" in present:
        clean["summary"] = _text(data, "summary", problems)
    if "body" in present:
        body = _text(data, "body", problems, required=False)
        clean["paragraphs"] = split_paragraphs(body) if body is not None else None
    for name in ("themes", "audiences"):
        if name in present:
            clean[name] = _names(data, name, problems)
    if "sector" in present:
        if not isinstance(data["sector"], str) or data["sector"].strip() not in SECTORS:
            expected = "sanitaire, médico-social, ville, transversal"
            problems.append(f"secteur {_quote(data['sector'])} inconnu (attendu : {expected})")
        else:
            clean["sector"] = SECTORS[data["sector"].strip()]
    if "published" in present:
        published = data["published"]
        try:
            if not isinstance(published, str) or not DATE_RE.match(published):
                raise ValueError
            clean["published"] = datetime.date.fromisoformat(published)
        except ValueError:
            problems.append(f"date {_quote(published)} invalide (format attendu : AAAA-MM-JJ)")
    if "file_pages" in present:
        pages = data["file_pages"]
        if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= MAX_FILE_PAGES:
            problems.append(f"champ « file_pages » : entier de 1 à {MAX_FILE_PAGES} attendu, reçu {_quote(pages)}")
        else:
            clean["file_pages"] = pages

    if "components" in data:
        components = _components(data, clean.get("type"), clean.get("slug"), problems)
        if components is not None:
            clean["components"] = components

    if problems:
        raise LineError(number, " ; ".join(problems))
    return Record(line=number, **clean)


def _components(data, kind, own_slug, problems):
    """A kit's components: a list of distinct resource slugs (resolved against the hub when written)."""
    value = data["components"]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append("champ « components » : liste de slugs attendue")
        return None
    if value and kind != "kit":
        problems.append("champ « components » : réservé aux kits")
        return None
    bad = [item for item in value if not item or len(item) > MAX_SLUG_LENGTH or not SLUG_RE.match(item)]
    if bad:
        problems.append(f"champ « components » : slug {_quote(bad[0])} invalide")
        return None
    if own_slug in value:
        problems.append("champ « components » : un kit ne peut pas se contenir lui-même")
        return None
    if len(set(value)) != len(value):
        problems.append("champ « components » : slug en double")
        return None
    return tuple(value)


def read_catalogue(path):
    """Yield (line number, Record or LineError) for each non-blank line of the file."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, LineError(number, "encodage invalide (UTF-8 attendu)")
                continue
            if not text.strip():
                continue
            try:
                yield number, parse_line(number, text)
            except LineError as error:
                yield number, error
