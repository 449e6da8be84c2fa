#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it, in three passes:
#   1. on SQLite, with a real OpenSearch node (engine tests) and Chromium (end-to-end): everything,
#      the fault tests included (their own nodes: kill -9, SIGSTOP, a 3-node cluster losing a node);
#   2. on a real PostgreSQL server (DATABASE_URL): everything but the browser, engine and fault tests included;
#   3. the end-to-end journeys on the production stack: PostgreSQL, the OpenSearch node, media on
#      a moto S3 server, production settings (hub/settings/test_production.py: DEBUG off,
#      collected static files behind WhiteNoise's manifest, the French error pages), and the
#      database task backend with a real worker beside the live server (tests/e2e/conftest.py).
# Every server started here is stopped on exit, whatever happens. Each pass prints its duration.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

engine_dir=$(mktemp -d)
static_dir=$(mktemp -d)
# The fault tests' own nodes (tests/engine_nodes.py: a single node, then a 3-node cluster, on
# SEARCH_FAULT_PORT and the next ports) live here, so that none outlives an interrupted run.
SEARCH_FAULT_DATA_DIR=$(mktemp -d)
export SEARCH_FAULT_DATA_DIR
cleanup() {
  SEARCH_DATA_DIR="$engine_dir" bash search/engine/run.sh stop >/dev/null 2>&1
  for nodes in "$SEARCH_FAULT_DATA_DIR"/*/; do
    [ -d "$nodes" ] && SEARCH_DATA_DIR="$nodes" bash search/engine/run.sh stop >/dev/null 2>&1
  done
  rm -rf "$engine_dir" "$static_dir" "$SEARCH_FAULT_DATA_DIR"
  bash scripts/postgres.sh stop >/dev/null 2>&1
}
trap cleanup EXIT

timed() {  # timed LABEL COMMAND...: runs it, prints its duration, returns its exit code
  local label=$1 start=$SECONDS rc
  shift
  "$@"
  rc=$?
  echo "== $label : $((SECONDS - start)) s (code $rc)"
  return $rc
}

echo "== Démarrage d'un nœud OpenSearch de test"
engine_url=$(SEARCH_DATA_DIR="$engine_dir" SEARCH_PORT="${SEARCH_TEST_PORT:-9250}" SEARCH_MODULES=no-painless \
  bash search/engine/run.sh start) || { echo "Le nœud OpenSearch n'a pas démarré." >&2; exit 1; }
export SEARCH_TEST_URL="$engine_url"

echo "== 1. Suite complète (SQLite, OpenSearch $engine_url, Chromium)"
timed "Passe SQLite" $PY -m pytest "$@"
sqlite_rc=$?

database_url=$(bash scripts/postgres.sh start) || { echo "PostgreSQL n'a pas démarré." >&2; exit 1; }
echo "== 2. Suite sur PostgreSQL, moteur compris (sans navigateur)"
DATABASE_URL="$database_url" timed "Passe PostgreSQL" $PY -m pytest -m "not e2e" "$@"
postgres_rc=$?

echo "== 3. Parcours de bout en bout sur la pile de production (PostgreSQL, OpenSearch, S3, DEBUG off)"
production() (
  export TEST_STACK=production DJANGO_SETTINGS_MODULE=hub.settings.test_production
  export TEST_STATIC_ROOT="$static_dir" DATABASE_URL="$database_url"
  $PY manage.py collectstatic --noinput -v0 || return 1
  $PY -m pytest --ds hub.settings.test_production -m e2e "$@"
)
timed "Passe pile de production" production "$@"
production_rc=$?

[ "$sqlite_rc" -eq 0 ] && [ "$postgres_rc" -eq 0 ] && [ "$production_rc" -eq 0 ]
