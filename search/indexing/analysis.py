"""French analysis for the resource index.

- `fr_index`: elision, lowercase, French stop words, asciifolding, a second
  stop list for folded forms ("à" typed as "a"), light French stemming.
  Used at index time and search time, so "hopitaux" and "hôpitaux",
  "l'HAD" and "HAD", "urgence" and "urgences" meet.
- `fr_plain`: elision and lowercase only, accents kept; feeds the spelling
  suggester so "Vouliez-vous dire" proposes real words ("hôpitaux").
- `fr_folded`: no stemming; used by the title's search-as-you-type field.

Synonyms are not in the analysis chain: they are expanded at query time from
the `Synonym` snippets (see search/synonyms.py), so an edit in the admin takes
effect on the next request, on the engine and on the database fallback alike,
without reindexing or closing the index.
"""

from elasticsearch_dsl import analyzer, token_filter

ELISION = token_filter(
    "fr_elision",
    type="elision",
    articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
STOP = token_filter("fr_stop", type="stop", stopwords="_french_")
# Stop words as people type them without accents ("hospitalisation a domicile").
STOP_FOLDED = token_filter("fr_stop_folded", type="stop", stopwords=["a", "ou", "ete", "etre", "meme"])
STEM = token_filter("fr_stem", type="stemmer", language="light_french")

FR_INDEX = analyzer(
    "fr_index", tokenizer="standard", filter=[ELISION, "lowercase", STOP, "asciifolding", STOP_FOLDED, STEM]
)
FR_PLAIN = analyzer("fr_plain", tokenizer="standard", filter=[ELISION, "lowercase"])
FR_FOLDED = analyzer("fr_folded", tokenizer="standard", filter=[ELISION, "lowercase", "asciifolding"])
