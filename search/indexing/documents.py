"""The resource index: its settings and mapping (built with elasticsearch-dsl) and the document built from a page."""

import hashlib
import html
import json
import logging
import re

from elasticsearch_dsl import Date, Index, Keyword, Mapping, SearchAsYouType, Text

from core.pdftext import texts_for

from .. import facets
from .analysis import FR_FOLDED, FR_INDEX, FR_PLAIN

logger = logging.getLogger("search")

# Snippets come from the fast vector highlighter (fvh), which reads the offsets
# stored in the term vectors instead of re-analysing each hit's text: a PDF's text
# is long, and re-analysing it per hit cost more than the search (docs/benchmarks.md).
HIGHLIGHTED = {"term_vector": "with_positions_offsets"}
CONTENT_HASH = "content_hash"


def build_mapping():
    m = Mapping()
    m.meta("dynamic", "strict")
    m.field("all_text", all_text_field())
    m.field("spell", Text(analyzer=FR_PLAIN))
    m.field(
        "title",
        Text(
            analyzer=FR_INDEX,
            copy_to=["all_text", "spell"],
            **HIGHLIGHTED,
            fields={"sayt": SearchAsYouType(analyzer=FR_FOLDED), "raw": Keyword(ignore_above=256)},
        ),
    )
    m.field("summary", Text(analyzer=FR_INDEX, copy_to=["all_text", "spell"], **HIGHLIGHTED))
    m.field("body", Text(analyzer=FR_INDEX, copy_to="all_text", **HIGHLIGHTED))
    m.field("pdf_text", Text(analyzer=FR_INDEX, copy_to="all_text", **HIGHLIGHTED))
    m.field("theme_names", Text(analyzer=FR_INDEX, copy_to=["all_text", "spell"]))
    m.field("audience_names", Text(analyzer=FR_INDEX, copy_to="all_text"))
    for facet in facets.all():
        m.field(facet.field, facet.mapping())
    m.field("date", Date(format="yyyy-MM-dd"))
    m.field("url", Keyword(index=False))
    m.field("formats", Keyword())
    m.field(CONTENT_HASH, content_hash_field())
    return m


def all_text_field():
    """Every text of the resource, stemmed; `fuzzy`: the same words folded but not stemmed, for the
    typo-tolerant pass (search/backends/engine.py): a typo changes what the stemmer makes of a word.
    fr_folded is in every index's analysis already, so ensure_index() can add it to an older index."""
    return Text(analyzer=FR_INDEX, fields={"fuzzy": Text(analyzer=FR_FOLDED)})


def content_hash_field():
    """Kept in _source for search_index_check, neither searched nor aggregated."""
    return Keyword(index=False, doc_values=False)


# Part of every content_hash: bumped when the mapping gains a field built from the same source
# (all_text.fuzzy), so that the index check finds the documents indexed before it stale and
# indexes them again, in the background, like any other drift (search/indexing/check.py).
MAPPING_VERSION = 2


def content_hash(source):
    """A digest of a built document (without its own hash) and of MAPPING_VERSION: what search_index_check compares."""
    fields = {k: v for k, v in source.items() if k != CONTENT_HASH}
    payload = json.dumps([MAPPING_VERSION, fields], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


def index_body(shards=1, replicas=None):
    """The body of an index creation request: settings, the analysis the mapping uses, the mapping.
    The name given to Index() is not part of it: the caller names each new index.
    replicas=None: none on a single node, one once the cluster has two data nodes (a node lost loses nothing)."""
    copies = {"number_of_replicas": replicas} if replicas is not None else {"auto_expand_replicas": "0-1"}
    index = Index("resources").settings(
        number_of_shards=shards, **copies, refresh_interval="1s", max_result_window=10_000
    )
    index.mapping(build_mapping())
    return index.to_dict()


_BLOCK_END_RE = re.compile(r"</(?:p|h\d|li|blockquote)>|<(?:br|hr)\s*/?>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")


def rich_text_words(source):
    """Wagtail's get_text_for_indexing() for stored rich text, without Django's (slow) HTML parser:
    Wagtail escapes every "<" of the text itself, so what is between < and > is a tag."""
    return html.unescape(_TAG_RE.sub("", _BLOCK_END_RE.sub(" ", source)))


def body_text(page):
    """The body's searchable text. Rich text paragraphs, most of every body, are read from the
    stored JSON; only the other blocks are turned into Python values to ask for their text."""
    parts = []
    try:
        for index, raw in enumerate(page.body.raw_data):
            if raw.get("type") == "paragraph" and isinstance(raw.get("value"), str):
                parts.append(rich_text_words(raw["value"]))
            else:
                child = page.body[index]
                parts.extend(str(part) for part in child.block.get_searchable_content(child.value))
    except Exception:  # noqa: BLE001 - an unusual block must not stop indexing
        logger.warning("Body text of page %s could not be read for the index", page.pk, exc_info=True)
    return " ".join(" ".join(parts).split())


def page_documents(page, privacy=None):
    """The page's documents anyone may read: the text of a private document (publications.privacy)
    must not reach the public index (hits, highlighted snippets), nor its format `formats`.
    `privacy`: computed once by the caller when it indexes many pages; read afresh otherwise, since
    an index update runs inside the transaction that changes what is private."""
    if privacy is None:
        from publications.privacy import Privacy

        privacy = Privacy.compute()
    return [link.document for link in page.documents.all() if link.document_id and privacy.is_public(link.document)]


def build_doc(page, pdf_texts=None, documents=None):
    """The index document of a live resource page (specific or not); `documents`: its page_documents()."""
    if documents is None:
        documents = page_documents(page)
    if pdf_texts is None:
        pdf_texts = texts_for(documents)
    date = page.publication_date
    return {
        "title": page.title,
        "summary": page.summary,
        "body": body_text(page),
        "pdf_text": " ".join(pdf_texts.get(doc.pk, "") for doc in documents).strip(),
        "theme_names": [t.name for t in page.theme_tags],
        "audience_names": [a.name for a in page.audience_tags],
        **{facet.field: facet.value(page) for facet in facets.all()},
        "date": date.isoformat() if date else None,
        "url": page.get_url() or page.url_path,
        "formats": sorted({(doc.file_extension or "").upper() for doc in documents if doc.file_extension}),
    }
