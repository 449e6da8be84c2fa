#!/usr/bin/env python
"""Record search/tests/data/request_bodies.json again from the code, after a deliberate change
of the engine requests (a new facet adds its aggregation and mapping field): `git diff` then
shows what the change sends the engine (the first time, also keys reordered: the file was
recorded from opensearch-py's DSL, see the test's docstring), and test_request_bodies.py holds it.

    .venv/bin/python scripts/record_request_bodies.py
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")

import django  # noqa: E402

django.setup()

from search.tests import test_request_bodies as recorded  # noqa: E402


def main():
    path = ROOT / "search" / "tests" / "data" / "request_bodies.json"
    bodies = recorded.current_bodies()
    assert set(recorded.EXPECTED) <= set(bodies), "a recorded body is no longer built: edit current_bodies()"
    path.write_text(json.dumps(bodies, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(bodies)} bodies")


if __name__ == "__main__":
    main()
