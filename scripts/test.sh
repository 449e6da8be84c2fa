#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it:
#   1. on SQLite, with a real OpenSearch node (engine tests) and Chromium (end-to-end);
#   2. the database-sensitive tests again on a real PostgreSQL server (DATABASE_URL).
# Every server started here is stopped on exit, whatever happens.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

engine_dir=$(mktemp -d)
cleanup() {
  SEARCH_DATA_DIR="$engine_dir" bash search/engine/run.sh stop >/dev/null 2>&1
  rm -rf "$engine_dir"
  bash scripts/postgres.sh stop >/dev/null 2>&1
}
trap cleanup EXIT

echo "== Démarrage d'un nœud OpenSearch de test"
engine_url=$(SEARCH_DATA_DIR="$engine_dir" SEARCH_PORT="${SEARCH_TEST_PORT:-9250}" SEARCH_MODULES=no-painless \
  bash search/engine/run.sh start) || { echo "Le nœud OpenSearch n'a pas démarré." >&2; exit 1; }

echo "== Suite complète (SQLite, OpenSearch $engine_url, Chromium)"
SEARCH_TEST_URL="$engine_url" $PY -m pytest "$@"
sqlite_rc=$?

echo "== Suite sur PostgreSQL (sans navigateur ni moteur)"
database_url=$(bash scripts/postgres.sh start) || { echo "PostgreSQL n'a pas démarré." >&2; exit 1; }
DATABASE_URL="$database_url" $PY -m pytest -m "not e2e and not engine" "$@"
postgres_rc=$?

[ "$sqlite_rc" -eq 0 ] && [ "$postgres_rc" -eq 0 ]
