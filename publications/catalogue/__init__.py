"""Import a catalogue of resources from JSON lines (format: shared/corpus/README.md).

- `records.py`: one line as a validated `Record`, or a French `LineError` (no database);
- `registry.py`: the resource types, registered by each app from its `AppConfig.ready()`;
- `planning.py`: records matched with existing pages (create, update, unchanged, conflict);
- `pdfs.py`: the main documents' PDFs, made in worker processes;
- `tree.py`: new pages appended to Wagtail's tree in bulk;
- `kits.py`: kits' components;
- `indexing.py`: the search and reference indexes, in bulk at the end;
- `writer.py`: `CatalogueImporter`, which runs the whole, one transaction per line.
"""

from .records import LineError, Record, parse_line, read_catalogue
from .writer import CatalogueImporter, ImportResult

__all__ = ["CatalogueImporter", "ImportResult", "LineError", "Record", "parse_line", "read_catalogue"]
