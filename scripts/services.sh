#!/usr/bin/env bash
# Run the workbench's real backing services on this machine, each with its data and logs under .services/:
#
#   PostgreSQL 15  127.0.0.1:5432  private cluster in .services/postgres (run as user postgres)
#                                  role workbench / password workbench (CREATEDB), database workbench
#   Redis          127.0.0.1:6379  .services/redis (daemonized, run as user redis)
#   Elasticsearch  127.0.0.1:9200  8.14.1 single node, security off, heap 1g, with our analysis plugin;
#                                  .services/elasticsearch (run as user elasticsearch)
#
# Usage: scripts/services.sh up | down | status | start NAME | stop NAME | restart NAME | env
#        NAME = postgres | redis | elasticsearch
#        scripts/services.sh cluster up [N] | down | status | stop-node K | kill-node K | start-node K
#          an N-node (default 3) Elasticsearch cluster on 127.0.0.1:9201.. beside the single node, heap 512m
#          each; its settings (ELASTICSEARCH_URL with every node, SEARCH_INDEX_REPLICAS=1) in .services/cluster.env
#
# `up` installs what is missing (scripts/install-services.sh), starts every service, waits until each is
# healthy, prints how long each took, and writes the connection settings to .services/env. Everything is
# idempotent. No systemd is needed. Must run as root (it switches to the service users).
set -euo pipefail
umask 022

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${WORKBENCH_SERVICES_DIR:-$REPO/.services}"
MARKER_TEXT="claim-workbench services of $REPO"

PG_PORT="${WORKBENCH_PG_PORT:-5432}"
REDIS_PORT="${WORKBENCH_REDIS_PORT:-6379}"
ES_PORT="${WORKBENCH_ES_PORT:-9200}"
ES_TRANSPORT_PORT="${WORKBENCH_ES_TRANSPORT_PORT:-9300}"
ES_VERSION="${ES_VERSION:-8.14.1}"
ES_HEAP="${ES_HEAP:-1g}"
# `cluster up N`: N more nodes of their own cluster, HTTP from this port up, each in .services/es-cluster/node-K.
ES_CLUSTER_PORT="${WORKBENCH_ES_CLUSTER_PORT:-9201}"
ES_CLUSTER_TRANSPORT_PORT="${WORKBENCH_ES_CLUSTER_TRANSPORT_PORT:-9301}"
ES_CLUSTER_HEAP="${ES_CLUSTER_HEAP:-512m}"

PG_VERSION="${PG_VERSION:-15}"
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
PG_DIR="$STATE/postgres"
PGDATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_SOCK="$PG_DIR/run"
# A Unix socket path must fit in 107 bytes: fall back to /tmp for very deep checkouts.
if [ "${#PG_SOCK}" -gt 80 ]; then PG_SOCK="/tmp/.workbench-pg-$(printf '%s' "$REPO" | md5sum | cut -c1-10)"; fi

REDIS_DIR="$STATE/redis"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_DATA="$REDIS_DIR/data"

ES_HOME="$REPO/services/elasticsearch/dist/elasticsearch-$ES_VERSION"
ES_DIR="$STATE/elasticsearch"
ES_CONF="$ES_DIR/config"
ES_PIDFILE="$ES_DIR/run/elasticsearch.pid"
ES_NODE=1
ES_NODES=1
ES_CLUSTER_NAME=workbench
ES_PLUGIN="workbench-analysis"
ES_PLUGIN_STAMP="$REPO/services/elasticsearch/dist/$ES_PLUGIN.installed.sha256"

ENV_FILE="$STATE/env"
DATABASE_URL="postgres://workbench:workbench@127.0.0.1:$PG_PORT/workbench"
CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"

SERVICES=(postgres redis elasticsearch)

log() { printf '[services %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[services %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then exec sudo -E bash "$0" "$@"; fi
    die "must run as root (starts each service as its own system user)"
fi

find_java17() {
    local c
    for c in "${JAVA17_HOME:-}" "${ES_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/java-17-openjdk; do
        if [ -n "$c" ] && [ -x "$c/bin/java" ]; then echo "$c"; return 0; fi
    done
    return 1
}

# as USER CMD...: run a command as a service user, from a directory every user can read.
# fd 9 (the lock) is closed so that daemons started this way do not keep holding it.
as() { local user="$1"; shift; (cd / && runuser -u "$user" -- "$@") 9>&-; }

# ---------------------------------------------------------------- ports and processes
port_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -n1 | cut -d= -f2; }
port_busy() { [ -n "$(ss -ltnH "sport = :$1" 2>/dev/null)" ]; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

wait_port_free() { # PORT SECONDS
    local i
    for ((i = 0; i < $2 * 5; i++)); do port_busy "$1" || return 0; sleep 0.2; done
    return 1
}

wait_pid_gone() { # PID SECONDS
    local i
    for ((i = 0; i < $2 * 5; i++)); do pid_alive "$1" || return 0; sleep 0.2; done
    return 1
}

# Service users must reach .services/ through every parent directory of the checkout.
ensure_traversable() { # USER DIR
    local user="$1" dir="$2" d
    as "$user" test -x "$dir" 2>/dev/null && return 0
    d="$dir"
    while [ "$d" != "/" ]; do
        if [ -d "$d" ] && ! as "$user" test -x "$d" 2>/dev/null; then
            warn "$user cannot enter $d: adding o+x (search only) so services can live under $STATE"
            chmod o+x "$d"
        fi
        d="$(dirname "$d")"
    done
}

# ---------------------------------------------------------------- install check
missing_install() {
    [ -x "$PG_BIN/pg_ctl" ] || { echo "PostgreSQL $PG_VERSION"; return 0; }
    command -v redis-server >/dev/null 2>&1 || { echo "redis-server"; return 0; }
    command -v redis-cli >/dev/null 2>&1 || { echo "redis-cli"; return 0; }
    id elasticsearch >/dev/null 2>&1 || { echo "elasticsearch user"; return 0; }
    find_java17 >/dev/null || { echo "Java 17"; return 0; }
    [ -x "$ES_HOME/bin/elasticsearch" ] || { echo "Elasticsearch $ES_VERSION"; return 0; }
    [ -d "$ES_HOME/plugins/$ES_PLUGIN" ] && [ -f "$ES_PLUGIN_STAMP" ] || { echo "analysis plugin"; return 0; }
    local changed
    changed="$(find "$REPO/services/elasticsearch/analysis-plugin/pom.xml" "$REPO/services/elasticsearch/analysis-plugin/src" \
        -type f -newer "$ES_PLUGIN_STAMP" 2>/dev/null | head -n1)"
    [ -z "$changed" ] || { echo "analysis plugin rebuild (${changed#"$REPO"/} changed)"; return 0; }
    return 1
}

ensure_installed() {
    local what
    if what="$(missing_install)"; then
        log "missing: $what -> running scripts/install-services.sh"
        bash "$REPO/scripts/install-services.sh"
        what="$(missing_install)" && die "still missing after install: $what"
    fi
    return 0
}

# ================================================================ PostgreSQL
pg_ours_running() { [ -s "$PGDATA/PG_VERSION" ] && as postgres "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }
pg_healthy() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

# Something else holds 5432: stop it if it is the Debian default cluster or another checkout's workbench
# cluster; otherwise refuse.
pg_free_port() {
    port_busy "$PG_PORT" || return 0
    local pid cmd datadir
    pid="$(port_pid "$PG_PORT")"
    cmd="$(cmdline "$pid")"
    datadir="$(sed -nE 's/.* -D ([^ ]+).*/\1/p' <<<"$cmd")"
    if [ -n "$datadir" ] && [ -f "$datadir/workbench.conf" ]; then
        warn "port $PG_PORT is held by another workbench checkout's PostgreSQL ($datadir): stopping it"
        as postgres "$PG_BIN/pg_ctl" -D "$datadir" stop -m fast -w -t 60 >/dev/null || true
    elif [[ "$datadir" =~ ^/var/lib/postgresql/([0-9]+)/([^/]+)$ ]] && command -v pg_ctlcluster >/dev/null; then
        warn "port $PG_PORT is held by the Debian cluster ${BASH_REMATCH[1]}/${BASH_REMATCH[2]}: stopping it (ours runs from $PGDATA)"
        pg_ctlcluster "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" stop -m fast || true
    else
        die "port $PG_PORT is in use by pid ${pid:-?} (${cmd:-unknown}); stop it first"
    fi
    wait_port_free "$PG_PORT" 60 || die "port $PG_PORT still in use"
}

pg_init() {
    mkdir -p "$PG_DIR" "$PG_SOCK"
    chown postgres:postgres "$PG_DIR" "$PG_SOCK"
    chmod 755 "$PG_DIR"
    ensure_traversable postgres "$PG_DIR"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        log "postgres: initdb $PGDATA"
        mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
        as postgres "$PG_BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=peer --auth-host=scram-sha-256 --no-instructions >"$PG_DIR/initdb.log" 2>&1 \
            || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
        echo "include_if_exists = 'workbench.conf'" >>"$PGDATA/postgresql.conf"
    fi
    cat >"$PGDATA/workbench.conf" <<EOF
# Written by scripts/services.sh on every start ($MARKER_TEXT).
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = 200
shared_buffers = 256MB
# Development/CI database: a crash may lose the last few commits, never corrupts.
synchronous_commit = off
EOF
    chown postgres:postgres "$PGDATA/workbench.conf"
    touch "$PG_LOG" && chown postgres:postgres "$PG_LOG"
}

pg_bootstrap_sql() {
    as postgres psql -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt <<'SQL' >/dev/null
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'workbench') THEN
        CREATE ROLE workbench LOGIN CREATEDB PASSWORD 'workbench';
    ELSE
        ALTER ROLE workbench LOGIN CREATEDB PASSWORD 'workbench';
    END IF;
END
$$;
SQL
    if [ "$(as postgres psql -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -qAt \
        -c "SELECT 1 FROM pg_database WHERE datname = 'workbench'")" != 1 ]; then
        as postgres psql -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
            -c "CREATE DATABASE workbench OWNER workbench" >/dev/null
        log "postgres: created database workbench"
    fi
}

start_postgres() {
    local t0
    t0="$(now)"
    if pg_ours_running && pg_healthy; then
        pg_init  # keep config current; takes effect on next restart
        pg_bootstrap_sql
        log "postgres: already running (127.0.0.1:$PG_PORT), healthy after $(since "$t0")s"
        return
    fi
    pg_free_port
    pg_init
    as postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -w -t 120 start >/dev/null \
        || { tail -n 30 "$PG_LOG" >&2; die "postgres failed to start (log: $PG_LOG)"; }
    local i
    for ((i = 0; i < 600; i++)); do pg_healthy && break; sleep 0.2; done
    pg_healthy || { tail -n 30 "$PG_LOG" >&2; die "postgres not ready after 120s"; }
    pg_bootstrap_sql
    log "postgres: started (127.0.0.1:$PG_PORT, data ${PGDATA#"$REPO"/}), healthy in $(since "$t0")s"
}

stop_postgres() {
    local t0
    t0="$(now)"
    if ! pg_ours_running; then
        log "postgres: not running"
        return
    fi
    as postgres "$PG_BIN/pg_ctl" -D "$PGDATA" stop -m fast -w -t 120 >/dev/null \
        || die "postgres did not stop (log: $PG_LOG)"
    log "postgres: stopped in $(since "$t0")s"
}

status_postgres() {
    if pg_ours_running && pg_healthy; then
        echo "postgres       up    127.0.0.1:$PG_PORT  pid $(head -n1 "$PGDATA/postmaster.pid")  $DATABASE_URL"
    elif pg_ours_running; then
        echo "postgres       starting/unhealthy (pid $(head -n1 "$PGDATA/postmaster.pid"))"; return 1
    else
        echo "postgres       down"; return 1
    fi
}

# ================================================================ Redis
redis_cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
redis_healthy() { [ "$(redis_cli ping 2>/dev/null)" = PONG ]; }
redis_dir_of_running() { redis_cli config get dir 2>/dev/null | sed -n 2p; }
redis_ours_running() { redis_healthy && [ "$(redis_dir_of_running)" = "$REDIS_DATA" ]; }
redis_user() { if id redis >/dev/null 2>&1; then echo redis; else echo root; fi; }

redis_free_port() {
    port_busy "$REDIS_PORT" || return 0
    local dir pid
    dir="$(redis_dir_of_running)"
    pid="$(port_pid "$REDIS_PORT")"
    if [ -n "$dir" ] && { [ -f "$dir/workbench-redis.marker" ] || [ "$dir" = /var/lib/redis ]; }; then
        warn "port $REDIS_PORT is held by another Redis (dir $dir): shutting it down"
        redis_cli shutdown >/dev/null 2>&1 || true
    else
        die "port $REDIS_PORT is in use by pid ${pid:-?} ($(cmdline "${pid:-0}")); stop it first"
    fi
    wait_port_free "$REDIS_PORT" 30 || die "port $REDIS_PORT still in use"
}

redis_prepare() {
    local user
    user="$(redis_user)"
    mkdir -p "$REDIS_DATA"
    echo "$MARKER_TEXT" >"$REDIS_DATA/workbench-redis.marker"
    cat >"$REDIS_CONF" <<EOF
# Written by scripts/services.sh on every start ($MARKER_TEXT).
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
supervised no
pidfile $REDIS_PIDFILE
logfile $REDIS_DIR/redis.log
dir $REDIS_DATA
dbfilename dump.rdb
save 300 10 60 10000
appendonly no
EOF
    chown -R "$user:" "$REDIS_DIR"
    ensure_traversable "$user" "$REDIS_DIR"
}

start_redis() {
    local t0
    t0="$(now)"
    if redis_ours_running; then
        log "redis: already running (127.0.0.1:$REDIS_PORT), healthy after $(since "$t0")s"
        return
    fi
    redis_free_port
    redis_prepare
    as "$(redis_user)" redis-server "$REDIS_CONF" || die "redis-server failed (log: $REDIS_DIR/redis.log)"
    local i
    for ((i = 0; i < 300; i++)); do redis_healthy && break; sleep 0.1; done
    redis_ours_running || { tail -n 20 "$REDIS_DIR/redis.log" >&2; die "redis not answering PING after 30s"; }
    log "redis: started (127.0.0.1:$REDIS_PORT, data ${REDIS_DATA#"$REPO"/}), healthy in $(since "$t0")s"
}

stop_redis() {
    local t0 pid
    t0="$(now)"
    if ! redis_ours_running; then
        log "redis: not running"
        return
    fi
    pid="$(cat "$REDIS_PIDFILE" 2>/dev/null || port_pid "$REDIS_PORT")"
    redis_cli shutdown >/dev/null 2>&1 || true
    if ! wait_pid_gone "$pid" 30; then
        warn "redis did not exit after SHUTDOWN: killing $pid"
        kill -9 "$pid" 2>/dev/null || true
    fi
    wait_port_free "$REDIS_PORT" 10 || true
    log "redis: stopped in $(since "$t0")s"
}

status_redis() {
    if redis_ours_running; then
        echo "redis          up    127.0.0.1:$REDIS_PORT  pid $(cat "$REDIS_PIDFILE" 2>/dev/null)  $CELERY_BROKER_URL"
    else
        echo "redis          down"; return 1
    fi
}

# ================================================================ Elasticsearch
es_pid() { # from the pid file, or (if that was lost) whoever serves our port with our temp dir
    local pid
    pid="$(cat "$ES_PIDFILE" 2>/dev/null || true)"
    if ! pid_alive "$pid"; then
        pid="$(port_pid "$ES_PORT")"
        [[ -n "$pid" && "$(cmdline "$pid")" == *"-Djava.io.tmpdir=$ES_DIR/tmp "* ]] || pid=""
    fi
    echo "$pid"
}
es_ours_running() {
    local pid
    pid="$(es_pid)"
    # The node's command line names its temp dir (ES_TMPDIR), which is private to this checkout.
    pid_alive "$pid" && [[ "$(cmdline "$pid")" == *"-Djava.io.tmpdir=$ES_DIR/tmp "* ]]
}
es_health() { # prints green/yellow/red or nothing
    curl -s -m 5 "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null | sed -nE 's/.*"status":"([a-z]+)".*/\1/p'
}
es_healthy() { local s; s="$(es_health)"; [ "$s" = green ] || [ "$s" = yellow ]; }

es_free_port() {
    local port pid cmd conf
    for port in "$ES_PORT" "$ES_TRANSPORT_PORT"; do
        port_busy "$port" || continue
        pid="$(port_pid "$port")"
        cmd="$(cmdline "${pid:-0}")"
        conf="$(sed -nE 's#.*-Djava\.io\.tmpdir=([^ ]+)/tmp .*#\1/config#p' <<<"$cmd")"
        if [ -n "$conf" ] && [ -f "$conf/workbench.marker" ]; then
            warn "port $port is held by a workbench Elasticsearch ($conf): stopping pid $pid"
            kill -TERM "$pid" 2>/dev/null || true
            wait_pid_gone "$pid" 60 || kill -KILL "$pid" 2>/dev/null || true
        else
            die "port $port is in use by pid ${pid:-?} (${cmd:0:200}); stop it first"
        fi
        wait_port_free "$port" 30 || die "port $port still in use"
    done
}

es_discovery() { # one node alone, or node ES_NODE of ES_NODES finding the others on loopback
    if [ "$ES_NODES" -le 1 ]; then
        echo "discovery.type: single-node"
        return
    fi
    local k seeds="" masters=""
    for ((k = 1; k <= ES_NODES; k++)); do
        seeds+="${seeds:+, }\"127.0.0.1:$((ES_CLUSTER_TRANSPORT_PORT + k - 1))\""
        masters+="${masters:+, }\"workbench-$k\""
    done
    echo "discovery.seed_hosts: [$seeds]"
    echo "cluster.initial_master_nodes: [$masters]"
}

es_prepare() {
    mkdir -p "$ES_CONF" "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/run" "$ES_DIR/tmp"
    if [ ! -f "$ES_CONF/jvm.options" ]; then
        cp -a "$ES_HOME/config/." "$ES_CONF/"
        rm -f "$ES_CONF/elasticsearch.keystore"  # the node creates its own on first start
    fi
    echo "$MARKER_TEXT" >"$ES_CONF/workbench.marker"
    # The stock jvm.options write GC logs, heap dumps and crash files relative to the distribution, which
    # the elasticsearch user cannot write: point them at .services/elasticsearch/logs instead.
    sed -E -e "s#^-XX:HeapDumpPath=.*#-XX:HeapDumpPath=$ES_DIR/logs#" \
        -e "s#^-XX:ErrorFile=logs/#-XX:ErrorFile=$ES_DIR/logs/#" \
        -e "s#file=logs/gc.log(.*)filecount=[0-9]+,filesize=[0-9]+m#file=$ES_DIR/logs/gc.log\1filecount=4,filesize=16m#" \
        "$ES_HOME/config/jvm.options" >"$ES_CONF/jvm.options"
    rm -f "$ES_CONF/jvm.options.d/workbench.options"
    cat >"$ES_CONF/elasticsearch.yml" <<EOF
# Written by scripts/services.sh on every start ($MARKER_TEXT).
cluster.name: $ES_CLUSTER_NAME
node.name: workbench-$ES_NODE
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
$(es_discovery)
xpack.security.enabled: false
path.data: $ES_DIR/data
path.logs: $ES_DIR/logs
# A nearly-full development disk must not turn indices read-only or leave shards unassigned.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
    chown -R elasticsearch:elasticsearch "$ES_DIR"
    ensure_traversable elasticsearch "$ES_DIR"
    ensure_traversable elasticsearch "$ES_HOME"
}

es_check_plugin() {
    local out
    out="$(curl -s -m 20 -H 'Content-Type: application/json' "http://127.0.0.1:$ES_PORT/_analyze" -d '{
        "tokenizer": "standard",
        "filter": ["lowercase", "workbench_english_possessive", {"type": "stop", "stopwords": "_english_"},
                   "workbench_asciifolding", "workbench_english_stem"],
        "text": "The militants'"'"' attacks were running in Zürich"}')"
    local tokens
    tokens="$(grep -oE '"token":"[^"]*"' <<<"$out" | cut -d'"' -f4 | tr '\n' ' ')"
    [ "$tokens" = "milit attack were run zurich " ] || [ "$tokens" = "militant attack were run zurich " ] \
        || die "analysis plugin check failed: _analyze returned: $out"
    echo "$tokens"
}

es_launch() { # start the node the ES_* settings name, in the background
    local java
    es_free_port
    es_prepare
    java="$(find_java17)" || die "no Java 17 found"
    rm -f "$ES_PIDFILE"
    (cd "$ES_DIR" && runuser -u elasticsearch -- env HOME="$ES_DIR" ES_JAVA_HOME="$java" \
        ES_PATH_CONF="$ES_CONF" ES_TMPDIR="$ES_DIR/tmp" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
        "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" >"$ES_DIR/logs/startup.out" 2>&1 9>&-) || {
        tail -n 40 "$ES_DIR/logs/startup.out" >&2
        tail -n 40 "$ES_DIR/logs/$ES_CLUSTER_NAME.log" >&2 2>/dev/null || true
        die "elasticsearch failed to start (logs: $ES_DIR/logs)"
    }
}

start_elasticsearch() {
    local t0
    t0="$(now)"
    if es_ours_running && es_healthy; then
        if [ -f "$ES_PLUGIN_STAMP" ] && [ "$ES_PLUGIN_STAMP" -nt "$ES_PIDFILE" ]; then
            log "elasticsearch: analysis plugin reinstalled since the node started: restarting it"
            stop_elasticsearch
            t0="$(now)"
        else
            log "elasticsearch: already running (127.0.0.1:$ES_PORT, status $(es_health)), healthy after $(since "$t0")s"
            return
        fi
    fi
    if es_ours_running; then
        log "elasticsearch: running but not healthy yet; waiting"
    else
        es_launch
    fi
    local i
    for ((i = 0; i < 240; i++)); do
        es_healthy && break
        es_ours_running || { tail -n 40 "$ES_DIR/logs/$ES_CLUSTER_NAME.log" >&2 2>/dev/null || true; die "elasticsearch exited during start-up (logs: $ES_DIR/logs)"; }
        sleep 0.5
    done
    es_healthy || die "elasticsearch not yellow/green after 120s (logs: $ES_DIR/logs)"
    local took tokens
    took="$(since "$t0")"
    tokens="$(es_check_plugin)"
    log "elasticsearch: started (127.0.0.1:$ES_PORT, status $(es_health), heap $ES_HEAP, data ${ES_DIR#"$REPO"/}/data), healthy in ${took}s"
    log "elasticsearch: workbench analysis filters OK (_analyze -> $tokens)"
}

stop_elasticsearch() {
    local t0 pid
    t0="$(now)"
    if ! es_ours_running; then
        log "elasticsearch: not running"
        rm -f "$ES_PIDFILE"
        return
    fi
    pid="$(es_pid)"
    kill -TERM "$pid"
    if ! wait_pid_gone "$pid" 90; then
        warn "elasticsearch did not stop within 90s: killing $pid"
        kill -KILL "$pid" 2>/dev/null || true
        wait_pid_gone "$pid" 10 || true
    fi
    rm -f "$ES_PIDFILE"
    wait_port_free "$ES_PORT" 10 || true
    log "elasticsearch: stopped in $(since "$t0")s"
}

status_elasticsearch() {
    if es_ours_running && es_healthy; then
        echo "elasticsearch  up    127.0.0.1:$ES_PORT  pid $(es_pid)  status $(es_health)  $ELASTICSEARCH_URL"
    elif es_ours_running; then
        echo "elasticsearch  starting/unhealthy (pid $(es_pid))"; return 1
    else
        echo "elasticsearch  down"; return 1
    fi
}


# ================================================================ an Elasticsearch cluster (issue 19)
# Beside the single node (which tests and the demo use), N nodes of one cluster on loopback: the same
# distribution and plugin, small heaps, node K answering on ES_CLUSTER_PORT+K-1.
CLUSTER_DIR="$STATE/es-cluster"
CLUSTER_ENV="$STATE/cluster.env"

es_cluster_node() { # K N: point the ES_* settings at node K of the N-node cluster
    ES_NODE="$1"
    ES_NODES="$2"
    ES_CLUSTER_NAME=workbench-cluster
    ES_PORT=$((ES_CLUSTER_PORT + $1 - 1))
    ES_TRANSPORT_PORT=$((ES_CLUSTER_TRANSPORT_PORT + $1 - 1))
    ES_DIR="$CLUSTER_DIR/node-$1"
    ES_CONF="$ES_DIR/config"
    ES_PIDFILE="$ES_DIR/run/elasticsearch.pid"
    ES_HEAP="$ES_CLUSTER_HEAP"
}
cluster_size() { cat "$CLUSTER_DIR/size" 2>/dev/null || echo 3; }
cluster_urls() {
    local k n urls=""
    n="$(cluster_size)"
    for ((k = 1; k <= n; k++)); do urls+="${urls:+,}http://127.0.0.1:$((ES_CLUSTER_PORT + k - 1))"; done
    echo "$urls"
}
cluster_health() { # any node that answers: status and node count, e.g. "green 3"
    local k n out
    n="$(cluster_size)"
    for ((k = 1; k <= n; k++)); do
        out="$(curl -s -m 5 "http://127.0.0.1:$((ES_CLUSTER_PORT + k - 1))/_cluster/health" 2>/dev/null || true)"
        if [[ "$out" == *'"status"'* ]]; then
            printf '%s %s\n' "$(sed -nE 's/.*"status":"([a-z]+)".*/\1/p' <<<"$out")" \
                "$(sed -nE 's/.*"number_of_nodes":([0-9]+).*/\1/p' <<<"$out")"
            return 0
        fi
    done
    echo "down 0"
}
cluster_wait() { # NODES SECONDS: until that many nodes are in the cluster and it is yellow or green
    local want="$1" i health
    for ((i = 0; i < $2 * 2; i++)); do
        health="$(cluster_health)"
        if [ "${health#* }" -ge "$want" ] && [[ "${health% *}" == green || "${health% *}" == yellow ]]; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}
cluster_up() {
    local n="${1:-3}" k t0
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 2 ] && [ "$n" -le 9 ] || die "cluster up N: N from 2 to 9, not '$n'"
    t0="$(now)"
    ensure_installed
    if [ -f "$CLUSTER_DIR/size" ] && [ "$(cluster_size)" != "$n" ]; then
        cluster_down
        warn "the cluster had $(cluster_size) nodes: its data is removed to form one of $n"
        rm -rf "$CLUSTER_DIR"
    fi
    mkdir -p "$CLUSTER_DIR"
    echo "$n" >"$CLUSTER_DIR/size"
    for ((k = 1; k <= n; k++)); do
        es_cluster_node "$k" "$n"
        if es_ours_running; then log "elasticsearch node $k: already running (127.0.0.1:$ES_PORT)"; else es_launch; fi
    done
    cluster_wait "$n" 180 || die "the $n-node cluster did not form within 180s (logs: ${CLUSTER_DIR#"$REPO"/}/node-*/logs)"
    printf 'ELASTICSEARCH_URL=%s\nSEARCH_INDEX_REPLICAS=1\n' "$(cluster_urls)" >"$CLUSTER_ENV"
    chmod 644 "$CLUSTER_ENV"
    log "elasticsearch cluster: $n nodes, status $(cluster_health | cut -d' ' -f1), heap $ES_CLUSTER_HEAP each, in $(since "$t0")s; environment in ${CLUSTER_ENV#"$REPO"/}:"
    cat "$CLUSTER_ENV"
}
cluster_down() {
    local n k
    n="$(cluster_size)"
    for ((k = 1; k <= n; k++)); do es_cluster_node "$k" "$n"; stop_elasticsearch; done
}
cluster_node_command() { # stop|kill|start K
    local n k="${2:-}" pid
    n="$(cluster_size)"
    [[ "$k" =~ ^[0-9]+$ ]] && [ "$k" -ge 1 ] && [ "$k" -le "$n" ] || die "no node '$k' in the $n-node cluster"
    es_cluster_node "$k" "$n"
    case "$1" in
        stop) stop_elasticsearch ;;
        kill)
            pid="$(es_pid)"
            if pid_alive "$pid"; then
                kill -KILL "$pid"
                wait_pid_gone "$pid" 10 || true
                log "elasticsearch node $k: killed (SIGKILL, pid $pid)"
            else
                log "elasticsearch node $k: not running"
            fi
            ;;
        start)
            es_ours_running || es_launch
            cluster_wait "$n" 180 || die "node $k did not rejoin the cluster within 180s"
            log "elasticsearch node $k: in the cluster again ($(cluster_health))"
            ;;
    esac
}
cluster_status() {
    local n k
    n="$(cluster_size)"
    for ((k = 1; k <= n; k++)); do
        es_cluster_node "$k" "$n"
        if es_ours_running; then echo "node $k  up    127.0.0.1:$ES_PORT  pid $(es_pid)"; else echo "node $k  down  127.0.0.1:$ES_PORT"; fi
    done
    echo "cluster: $(cluster_health)"
}

# ================================================================ commands
write_env() {
    mkdir -p "$STATE"
    cat >"$ENV_FILE" <<EOF
DATABASE_URL=$DATABASE_URL
CELERY_BROKER_URL=$CELERY_BROKER_URL
ELASTICSEARCH_URL=$ELASTICSEARCH_URL
EOF
    chmod 644 "$ENV_FILE"
}

check_name() {
    case "${1:-}" in
        postgres | redis | elasticsearch) ;;
        *) die "unknown service '${1:-}' (expected one of: ${SERVICES[*]})" ;;
    esac
}

lock() {
    mkdir -p "$STATE"
    exec 9>"$STATE/.lock"
    flock -w 900 9 || die "another scripts/services.sh is still running (lock $STATE/.lock)"
}

cmd="${1:-}"
case "$cmd" in
    up)
        lock
        t_all="$(now)"
        ensure_installed
        start_postgres
        start_redis
        start_elasticsearch
        write_env
        log "all services healthy in $(since "$t_all")s; environment (also in ${ENV_FILE#"$REPO"/}):"
        cat "$ENV_FILE"
        ;;
    down)
        lock
        stop_elasticsearch
        stop_redis
        stop_postgres
        ;;
    start)
        check_name "${2:-}"
        lock
        ensure_installed
        "start_$2"
        write_env
        ;;
    stop)
        check_name "${2:-}"
        lock
        "stop_$2"
        ;;
    restart)
        check_name "${2:-}"
        lock
        "stop_$2"
        "start_$2"
        ;;
    status)
        rc=0
        for s in "${SERVICES[@]}"; do "status_$s" || rc=3; done
        exit "$rc"
        ;;
    env)
        write_env
        cat "$ENV_FILE"
        ;;
    cluster)
        lock
        case "${2:-}" in
            up) cluster_up "${3:-3}" ;;
            down) cluster_down ;;
            status) cluster_status ;;
            stop-node) cluster_node_command stop "${3:-}" ;;
            kill-node) cluster_node_command kill "${3:-}" ;;
            start-node) cluster_node_command start "${3:-}" ;;
            *) die "usage: $0 cluster up [N] | down | status | stop-node K | kill-node K | start-node K" ;;
        esac
        ;;
    *)
        echo "usage: $0 up|down|status|env|start NAME|stop NAME|restart NAME   (NAME: ${SERVICES[*]})" >&2
        exit 2
        ;;
esac
