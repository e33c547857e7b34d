# shellcheck shell=bash
# Helpers sourced by scripts/test-failover and scripts/test-many-hosts: PostgreSQL clusters of their
# own (restarting or stopping the shared test cluster of scripts/with-postgres would disturb the
# tests running against it), the sample campaign with enough cities for a 3,000-article job, and
# checks on finished jobs. Everything lives under $cf_root, removed by cf_cleanup.

cf_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cf_pg_bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$cf_pg_bindir/initdb" ] || { echo "no PostgreSQL server binaries found" >&2; exit 1; }
cf_user=content_factory
cf_root=$(mktemp -d "${TMPDIR:-/tmp}/cf-failover.XXXXXX")
chmod 755 "$cf_root"
[ "$(id -u)" -eq 0 ] && chown postgres: "$cf_root"
cf_pids=()

# Runs a command as the owner of the clusters (postgres when root: the server refuses root).
cf_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cf_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# cf_initdb NAME: a new cluster in $cf_root/NAME (trust authentication: these clusters live only
# for one script run and listen on loopback or test namespaces only).
cf_initdb() {
    cf_as_owner "$cf_pg_bindir/initdb" -D "$cf_root/$1" -U "$cf_user" --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$cf_root/$1.initdb.log" 2>&1 || { cat "$cf_root/$1.initdb.log" >&2; return 1; }
}

# cf_start NAME PORT [LISTEN_ADDRESSES]: starts the cluster, waits until it accepts connections.
cf_start() {
    local addresses=${3:-127.0.0.1}
    cf_as_owner "$cf_pg_bindir/pg_ctl" -D "$cf_root/$1" -l "$cf_root/$1.log" -w -t 60 \
        -o "-c listen_addresses=$addresses -p $2 -k $cf_root -c fsync=off -c max_connections=100" \
        start >/dev/null || { cat "$cf_root/$1.log" >&2; return 1; }
}

# cf_pg_ctl NAME ARGS...: pg_ctl on the cluster.
cf_pg_ctl() {
    local name=$1
    shift
    cf_as_owner "$cf_pg_bindir/pg_ctl" -D "$cf_root/$name" -l "$cf_root/$name.log" "$@"
}

# cf_sql PORT SQL: one value (or rows, unaligned) from the database content_factory over the socket.
cf_sql() {
    "$cf_pg_bindir/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$cf_root" -p "$1" -U "$cf_user" -d content_factory -c "$2"
}

# cf_prepare_database PORT: creates content_factory, migrates it with the real executable (over the
# socket: migrate needs a direct connection), loads the sample campaign plus 1,200 generated cities
# (4 title templates x 3 personas x 1,206 cities is far more than 3,000 combinations) and a test gate
# that makes every batch sleep `test_gate.delay` seconds inside its transaction.
cf_prepare_database() {
    "$cf_pg_bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$cf_root" -p "$1" -U "$cf_user" -d postgres \
        -c "CREATE DATABASE content_factory" >/dev/null
    "$cf_bin" migrate --database-url "postgresql://$cf_user@/content_factory?host=$cf_root&port=$1" --log-level warning
    "$cf_pg_bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$cf_root" -p "$1" -U "$cf_user" -d content_factory \
        -f "$cf_repo/Tests/ContentFactoryTests/Fixtures/sample-campaign.sql" >/dev/null
    cf_sql "$1" "
        INSERT INTO locations_cities (id, name, state, county, population)
        SELECT gen_random_uuid(), 'Testville ' || g, '70000000-0000-4000-8000-000000000001', NULL, 1000 + g
        FROM generate_series(1, 1200) g;
        CREATE TABLE test_gate (delay float8 NOT NULL);
        INSERT INTO test_gate VALUES (0);
        CREATE FUNCTION test_gate_sleep() RETURNS trigger LANGUAGE plpgsql AS \$\$
        BEGIN PERFORM pg_sleep((SELECT delay FROM test_gate)); RETURN NULL; END \$\$;
        CREATE TRIGGER test_gate_sleep AFTER INSERT ON generated_articles
            FOR EACH STATEMENT EXECUTE FUNCTION test_gate_sleep();" >/dev/null
}

cf_filters='{"campaign_id": "20000000-0000-4000-8000-000000000001", "variables": {"Niche": "Solar"}}'

# cf_enqueue PORT QUANTITY BATCH: inserts a job with plain SQL and prints its id.
cf_enqueue() {
    cf_sql "$1" "INSERT INTO generation_jobs (site_id, target_quantity, batch_size, filters)
                 VALUES ('10000000-0000-4000-8000-000000000001', $2, $3, '$cf_filters') RETURNING id" | head -n 1
}

# cf_wait SECONDS PORT SQL: polls until SQL prints t; fails after SECONDS.
cf_wait() {
    local deadline=$((SECONDS + $1))
    while [ "$(cf_sql "$2" "$3" 2>/dev/null || true)" != t ]; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}

# cf_check_exactly_once PORT JOB QUANTITY: every job_seq in 0..<QUANTITY once, job completed.
cf_check_exactly_once() {
    local row
    row=$(cf_sql "$1" "SELECT j.status, count(a.*), count(DISTINCT a.job_seq), coalesce(min(a.job_seq), -1),
                              coalesce(max(a.job_seq), -1)
                       FROM generation_jobs j LEFT JOIN generated_articles a ON a.job_id = j.id
                       WHERE j.id = '$2' GROUP BY j.status")
    [ "$row" = "completed|$3|$3|0|$(($3 - 1))" ] || { echo "job $2: expected completed|$3|$3|0|$(($3 - 1)), got $row" >&2; return 1; }
}

# cf_daemon LOG ENV... -- ARGS...: starts `content-factory run` in the background; pid in $cf_last_pid.
cf_daemon() {
    local log=$1
    shift
    local env=()
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    env CF_LOG_LEVEL=info "${env[@]}" "$cf_bin" run "$@" >"$log" 2>&1 &
    cf_last_pid=$!
    cf_pids+=("$cf_last_pid")
}

cf_cleanup() {
    local pid dir
    for pid in "${cf_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for dir in "$cf_root"/*/; do
        [ -f "$dir/PG_VERSION" ] && cf_as_owner "$cf_pg_bindir/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "$cf_root"
}
