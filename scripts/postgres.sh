# Sourced by test.sh (and usable by hand): a throw-away PostgreSQL cluster from Debian's
# `postgresql` package, in a temporary folder, on a free loopback port. If it cannot start,
# the caller fails: the PostgreSQL half of the suite is never skipped silently.

postgres_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

ensure_postgres() {
    if [ -z "$(postgres_bin)" ] || [ ! -x "$(postgres_bin)/initdb" ]; then
        step "Installing PostgreSQL from Debian"
        as_root apt-get install -y postgresql || { as_root apt-get update && as_root apt-get install -y postgresql; }
    fi
}

# Starts the cluster and exports SAMLET_TEST_POSTGRES (the server URL without a database:
# every test server creates a database of its own there). `stop_postgres` removes it all.
# `start_postgres durable` keeps PostgreSQL's default durability, for benchmarks.
start_postgres() {
    local bin port durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${1:-}" = durable ] && durability=""
    bin="$(postgres_bin)"
    SAMLET_PG_DIR="$(mktemp -d /tmp/samlet-pg.XXXXXX)"
    chmod 755 "$SAMLET_PG_DIR"
    # PostgreSQL refuses to run as root; Debian's package brings the `postgres` user.
    local as_pg=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$SAMLET_PG_DIR"
        as_pg=(runuser -u postgres --)
    fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${as_pg[@]}" "$bin/initdb" --pgdata "$SAMLET_PG_DIR/data" --username samlet --auth trust \
        --encoding UTF8 --locale C.UTF-8 >"$SAMLET_PG_DIR/initdb.log"
    # For tests durability is off because the cluster is thrown away after the run; the
    # server's own crash tests kill the server, not PostgreSQL.
    "${as_pg[@]}" "$bin/pg_ctl" --pgdata "$SAMLET_PG_DIR/data" --log "$SAMLET_PG_DIR/server.log" --wait \
        --options "-c listen_addresses=127.0.0.1 -p $port -k $SAMLET_PG_DIR -c max_connections=300 $durability" \
        start >/dev/null
    export SAMLET_TEST_POSTGRES="postgres://samlet@127.0.0.1:$port"
    export SAMLET_PG_DIR
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $SAMLET_TEST_POSTGRES"
}

stop_postgres() {
    [ -n "${SAMLET_PG_DIR:-}" ] && [ -d "$SAMLET_PG_DIR" ] || return 0
    local as_pg=()
    [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
    "${as_pg[@]}" "$(postgres_bin)/pg_ctl" --pgdata "$SAMLET_PG_DIR/data" --mode immediate stop >/dev/null 2>&1 || true
    rm -rf "$SAMLET_PG_DIR"
}
