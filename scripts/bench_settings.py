"""Settings for the page benchmark: the settings named by BENCH_BASE_SETTINGS (default
hub.settings.test: DEBUG off, cached template loader), with MEDIA_ROOT taken from the
environment when set (hub.settings.test replaces it with an empty temp dir, which would
hide the cover images and documents of a benchmark database).

Used by scripts/bench_pages.py (gunicorn and the profiling client); not for the test suite.
"""

import importlib
import os
from pathlib import Path

_base = importlib.import_module(os.environ.get("BENCH_BASE_SETTINGS", "hub.settings.test"))
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])

# The default configuration (hub/settings/base.py), which the test settings turn off:
# the home page's download ranking is kept 10 minutes (0 to measure it recomputed).
DOWNLOAD_RANKING_CACHE_SECONDS = float(os.environ.get("DOWNLOAD_RANKING_CACHE_SECONDS", "600"))
