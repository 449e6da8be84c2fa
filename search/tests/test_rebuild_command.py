"""Issue 13: `rebuild_search_index` with the engine down says so in French, with no traceback, and fails.

Run as an operator runs it: `manage.py` in its own process, with SEARCH_URL pointing at a real
closed port (what a stopped node leaves behind: nothing listens, the connection is refused).
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def closed_port():
    """A port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rebuild_command(tmp_path, url):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
        "SEARCH_URL": url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}",  # never the checkout's database
    }
    return subprocess.run(
        [sys.executable, "manage.py", "rebuild_search_index", "--no-progress"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_engine_down_gives_a_french_message_and_a_failure(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    completed = rebuild_command(tmp_path, url)
    assert completed.returncode != 0
    assert "Traceback" not in completed.stderr
    assert f"Le moteur de recherche ne répond pas à {url} (connexion impossible)" in completed.stderr
    assert "l'index n'a pas été reconstruit" in completed.stderr
    assert completed.stdout == ""


def test_no_engine_configured_is_a_french_error_too(tmp_path):
    completed = rebuild_command(tmp_path, "")
    assert completed.returncode != 0
    assert "Traceback" not in completed.stderr
    assert "SEARCH_URL n'est pas défini" in completed.stderr


@pytest.mark.engine
@pytest.mark.django_db
def test_the_command_works_on_the_real_node_and_fails_cleanly_once_it_is_gone(settings):
    """On the real node, then with SEARCH_URL on a closed port in the same process."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    from .conftest import ENGINE_URL, drop_indices, skip_without_engine, use_engine

    if not ENGINE_URL:
        skip_without_engine()
    use_engine(settings, ENGINE_URL)
    prefix = settings.SEARCH_INDEX_PREFIX
    try:
        out = StringIO()
        call_command("rebuild_search_index", "--no-progress", stdout=out, stderr=StringIO())
        assert "ressources indexées" in out.getvalue()
        settings.SEARCH_URL = f"http://127.0.0.1:{closed_port()}"
        with pytest.raises(CommandError, match="Le moteur de recherche ne répond pas"):
            call_command("rebuild_search_index", "--no-progress", stdout=StringIO(), stderr=StringIO())
    finally:
        drop_indices(prefix)
