"""The migrations' data (root page, locale, groups, Relecture workflow, vocabularies) for every journey.

Each journey is a transactional test whose end flushes the database; `serialized_rollback`
restores that data from a copy Django keeps on the connection object. On SQLite,
bonnes_pratiques/tests/test_concurrency.py leaves the main thread with a new connection
object, without that copy: the journeys after the first then started on an empty database.
This fixture keeps the copy, puts it back on the connection, and restores from it if needed.
"""

import pytest

_kept = {}


@pytest.fixture
def migrations_data(transactional_db):
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None) or _kept.get("default")
    if contents is None:
        # No copy at all: no journey has flushed yet, so the database still holds the data.
        contents = connection.creation.serialize_db_to_string()
    elif not hasattr(connection, "_test_serialized_contents"):
        connection.creation.deserialize_db_from_string(contents)  # the flush's victim
    connection._test_serialized_contents = contents
    _kept.setdefault("default", contents)
