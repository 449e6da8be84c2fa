#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: `start` prints a DATABASE_URL, `stop` removes it.
# Installs Debian's postgresql when missing. The server runs as the `postgres` user
# (it refuses root) on 127.0.0.1:${PG_PORT:-5439}, with its data in a temp dir.
set -euo pipefail
PG_PORT="${PG_PORT:-5439}"
PG_DIR="${PG_DIR:-/tmp/anap-pg-$PG_PORT}"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -z "$(pg_bin)" ]; then
      echo "Installation de PostgreSQL (apt)…" >&2
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    fi
    BIN=$(pg_bin)
    rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
    as_postgres "$BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    as_postgres "$BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$PG_PORT/anap"
    ;;
  stop)
    BIN=$(pg_bin)
    [ -d "$PG_DIR/data" ] && as_postgres "$BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$PG_DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
