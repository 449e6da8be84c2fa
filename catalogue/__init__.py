"""Import a catalogue of resources from JSON lines (format: shared/corpus/README.md).

- `records.py`: one line as a validated `Record`, or a French `LineError` (no database);
- `registry.py`: the resource types, read from the type registry (the page classes);
- `planning.py`: records matched with existing pages (create, update, unchanged, conflict);
- `pdfs.py`: the main documents' PDFs, made in worker processes;
- `tree.py`: new pages appended to Wagtail's tree in bulk;
- `kits.py`: kits' components;
- `indexing.py`: the resource index recorded per line, the other search and reference indexes in bulk at the end;
- `writer.py`: `CatalogueImporter`, which runs the whole, one transaction per line.

An app, for its management command: this package is imported before the models are loaded,
so it imports none of its modules (import `catalogue.writer`, `catalogue.records`).
"""
