# Part of compare-jdbc.sh (sourced after compare-lib.sh, not run): the benchmark's own Java tools, Debezium's JDBC
# sink plugin, the private PostgreSQL server, the data, and one measured run.

# bench_tools: compiles io.kanal.bench.{JdbcBenchRecords,TopicCountWatch,CountingHttpServer} (JDK and kafka-clients
# only) against tools_cp into $work/classes, and sets bench_cp. Plain javac: the benchmarks module's shaded jar is not
# needed for three small classes.
bench_tools() {
    local src="$root/benchmarks/src/main/java/io/kanal/bench" classes="$work/classes" f stale=""
    local files=("$src/JdbcBenchRecords.java" "$src/TopicCountWatch.java" "$src/CountingHttpServer.java")
    for f in "${files[@]}"; do
        [[ "$classes/io/kanal/bench/$(basename "$f" .java).class" -nt "$f" ]] || stale=1
    done
    if [[ -n "$stale" ]]; then
        rm -rf "$classes"
        javac -d "$classes" -cp "$tools_cp" "${files[@]}"
    fi
    bench_cp="$classes:$tools_cp"
}

# debezium_plugin: Debezium's JDBC sink plugin archive (io.debezium:debezium-connector-jdbc:$debezium_version,
# classifier plugin, tar.gz) from Maven Central, unpacked into $apache_plugin_path/debezium-connector-jdbc.
debezium_plugin() {
    local archive
    archive="$HOME/.m2/repository/io/debezium/debezium-connector-jdbc/$debezium_version"
    archive+="/debezium-connector-jdbc-$debezium_version-plugin.tar.gz"
    if [[ ! -f "$archive" ]]; then
        (cd "$work" && mvn -B -q dependency:get -Dtransitive=false \
            -Dartifact="io.debezium:debezium-connector-jdbc:$debezium_version:tar.gz:plugin") >&2
    fi
    [[ -f "$archive" ]] || { echo "Debezium's JDBC sink $debezium_version did not resolve" >&2; exit 1; }
    tar -xzf "$archive" -C "$apache_plugin_path"
}

# --- PostgreSQL: a private server from the machine's packages, its data under $work/pg, on a free loopback port,
# trust authentication (the connectors still send a password), tuned for a benchmark: no fsync, no synchronous commit,
# no full-page writes, no checkpoint during a run, and no autovacuum (each run's table is dropped after it; an
# autovacuum of the previous run's table would take CPU from the next run).
pg_user=kanal
pg_password=kanal-bench

# start_postgres: sets pg_bin, pg_port, pg_version, pg_postmaster; as root, the server runs as the postgres account.
start_postgres() {
    pg_bin="${KANAL_PG_BIN:-}"
    if [[ -z "$pg_bin" ]]; then
        pg_bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)"
        [[ -n "$pg_bin" ]] || pg_bin="$(dirname "$(command -v initdb || echo /nonexistent/initdb)")"
    fi
    [[ -x "$pg_bin/initdb" ]] || { echo "PostgreSQL is not installed (no initdb; set KANAL_PG_BIN)" >&2; exit 1; }
    pg_version="$("$pg_bin/postgres" --version | awk '{print $3}')"
    pg_dir="$work/pg"
    rm -rf "$pg_dir"
    mkdir -p "$pg_dir"
    as_pg=()
    if [[ "$(id -u)" == 0 ]]; then
        as_pg=(runuser -u postgres --)
        chown postgres "$pg_dir"
    fi
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U "$pg_user" --auth=trust -E UTF8 --locale=C --no-sync \
        >"$work/initdb.out" 2>&1 || { cat "$work/initdb.out" >&2; exit 1; }
    pg_port="$(free_port)"
    "${as_pg[@]}" "$pg_bin/postgres" -D "$pg_dir/data" -p "$pg_port" -k "$pg_dir" -c listen_addresses=127.0.0.1 \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off -c shared_buffers=512MB \
        -c max_wal_size=16GB -c checkpoint_timeout=1h -c max_connections=200 >"$pg_dir/server.log" 2>&1 &
    local i
    for i in $(seq 1 600); do
        if [[ "$(sed -n 8p "$pg_dir/data/postmaster.pid" 2>/dev/null | tr -d ' ')" == ready ]]; then
            pg_postmaster="$(head -n 1 "$pg_dir/data/postmaster.pid")"
            return 0
        fi
        sleep 0.1
    done
    echo "PostgreSQL did not start" >&2
    cat "$pg_dir/server.log" >&2
    exit 1
}

# stop_postgres: a fast shutdown (open sessions are ended), waited for.
stop_postgres() {
    [[ -n "${pg_postmaster:-}" ]] || return 0
    kill -INT "$pg_postmaster" 2>/dev/null || return 0
    local i
    for i in $(seq 1 300); do
        kill -0 "$pg_postmaster" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pg_postmaster" 2>/dev/null || true
}

# pg_sql ARG...: psql on the benchmark database, unaligned tuples only, stopping at the first error.
pg_sql() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres "$@"
}

# pg_cpu -> user+sys seconds of PostgreSQL so far: the postmaster with its waited-for children (ended sessions) and
# its live children.
pg_cpu() {
    local p total=0
    for p in "$pg_postmaster" $(pgrep -P "$pg_postmaster" || true); do
        total="$(awk -v t="$total" -v c="$(cpu_seconds "$p" 2>/dev/null || echo 0)" 'BEGIN {printf "%.2f", t + c}')"
    done
    echo "$total"
}

# tree_cpu PID -> cpu_seconds of PID and all its descendants (the dev cluster runs its brokers as child processes).
tree_cpu() {
    local total child
    total="$(cpu_seconds "$1" 2>/dev/null || echo 0)"
    for child in $(pgrep -P "$1" || true); do
        total="$(awk -v t="$total" -v c="$(tree_cpu "$child")" 'BEGIN {printf "%.2f", t + c}')"
    done
    echo "$total"
}

# machine_ticks -> "busy total iowait" clock ticks of all cores so far (/proc/stat: busy = all but idle and iowait).
machine_ticks() {
    awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t, $6}' /proc/stat
}

# order_columns: the columns of an order row as io.kanal.bench.JdbcBenchRecords writes it.
order_columns="id bigint PRIMARY KEY, customer text NOT NULL, product text NOT NULL, quantity integer NOT NULL,
    price_cents bigint NOT NULL, currency text NOT NULL, status text NOT NULL, note text,
    created_at timestamp NOT NULL"

# --- The data.

# fill_topic TOPIC PARTITIONS SCHEMAS: a fresh topic with $rows orders (SCHEMAS true: with the schema envelope).
fill_topic() {
    local t0="$EPOCHREALTIME"
    create_topic "$1" "$2" "$work/create-$1.out"
    java "${jvm_opts[@]}" -cp "$bench_cp" -Dlog4j2.configurationFile="$work/log4j2.yaml" \
        io.kanal.bench.JdbcBenchRecords --bootstrap "$bootstrap" --topic "$1" --records "$rows" --partitions "$2" \
        --schemas "$3" >"$work/fill-$1.out" 2>&1 || { cat "$work/fill-$1.out" >&2; exit 1; }
    echo "$(tail -n 1 "$work/fill-$1.out") in $(elapsed "$t0" "$EPOCHREALTIME")s" >&2
}

# fill_source_table: the table source_orders with $rows orders of the same shape, ids 0..rows-1.
fill_source_table() {
    local t0="$EPOCHREALTIME"
    pg_sql >/dev/null <<SQL
CREATE TABLE source_orders ($order_columns);
INSERT INTO source_orders
SELECT g, 'customer-' || lpad((g % 250000)::text, 7, '0'), 'product-' || lpad((g % 20000)::text, 5, '0')
       || '-standard-edition', 1 + g % 9, 99 + (g * 37) % 100000, (ARRAY['EUR', 'USD', 'GBP', 'CHF'])[1 + g % 4],
       (ARRAY['NEW', 'PAID', 'PACKED', 'SHIPPED', 'DELIVERED'])[1 + g % 5], 'leave it at the back door #' || g % 1000,
       timestamp '2026-01-01 00:00:00' + g * interval '37 milliseconds'
FROM generate_series(0, $rows - 1) AS g;
VACUUM ANALYZE source_orders;
SQL
    echo "source_orders: $rows rows in $(elapsed "$t0" "$EPOCHREALTIME")s" >&2
}

# --- One run.

# write_configs DIR PART SIDE ID TARGET: DIR/worker.properties and DIR/connector.properties. TARGET is the sink's
# table, the source's topic prefix, or the HTTP endpoint's URL.
write_configs() {
    local dir="$1" part="$2" side="$3" id="$4" target="$5" schemas=true
    # The HTTP sink's topic holds bare JSON: schemaless values (maps), which the sink writes back as JSON.
    [[ "$part" != http ]] || schemas=false
    {
        echo "bootstrap.servers=$bootstrap"
        echo "key.converter=org.apache.kafka.connect.json.JsonConverter"
        echo "value.converter=org.apache.kafka.connect.json.JsonConverter"
        echo "key.converter.schemas.enable=$schemas"
        echo "value.converter.schemas.enable=$schemas"
        echo "offset.storage.file.filename=$dir/offsets"
        echo "offset.flush.interval.ms=$flush_ms"
        # The sinks get batches of up to batch.size records per put on both sides (Connect's consumer default is 500).
        echo "consumer.max.poll.records=$batch_size"
        if [[ "$side" == apache ]]; then
            echo "plugin.path=$apache_plugin_path"
            echo "listeners=http://127.0.0.1:0"
        else
            case "$part" in
                sink) echo "plugin.path=$kanal_jdbc_sink" ;;
                source) echo "plugin.path=$kanal_jdbc_source" ;;
                http) echo "plugin.path=$kanal_http" ;;
            esac
            echo "kanal.config.storage.file.filename=$dir/configs.json"
        fi
    } >"$dir/worker.properties"
    local url="jdbc:postgresql://127.0.0.1:$pg_port/postgres$url_params"
    {
        echo "name=$part-$id"
        case "$part.$side" in
            sink.apache)
                echo "connector.class=io.debezium.connector.jdbc.JdbcSinkConnector"
                echo "tasks.max=$tasks"
                echo "topics=jdbc-orders"
                echo "connection.url=$url"
                echo "connection.username=$pg_user"
                echo "connection.password=$pg_password"
                echo "insert.mode=$sink_mode"
                if [[ "$sink_mode" == upsert ]]; then
                    echo "primary.key.mode=record_value"
                    echo "primary.key.fields=id"
                else
                    echo "primary.key.mode=none"
                fi
                echo "schema.evolution=none"
                echo "collection.name.format=$target"
                echo "batch.size=$batch_size"
                ;;
            sink.kanal)
                echo "connector.class=$jdbc_sink_class"
                echo "tasks.max=$tasks"
                echo "topics=jdbc-orders"
                echo "connection.url=$url"
                echo "connection.user=$pg_user"
                echo "connection.password=$pg_password"
                echo "insert.mode=$sink_mode"
                if [[ "$sink_mode" == upsert ]]; then
                    echo "pk.mode=record_value"
                    echo "pk.fields=id"
                else
                    echo "pk.mode=none"
                fi
                echo "auto.create=false"
                echo "auto.evolve=false"
                echo "table.name.format=$target"
                echo "batch.size=$batch_size"
                ;;
            source.kanal)
                echo "connector.class=$jdbc_source_class"
                echo "tasks.max=1"
                echo "connection.url=$url"
                echo "connection.user=$pg_user"
                echo "connection.password=$pg_password"
                echo "mode=$source_mode"
                [[ "$source_mode" != incrementing ]] || echo "incrementing.column.name=id"
                echo "table.whitelist=source_orders"
                echo "topic.prefix=$target"
                echo "batch.max.rows=$batch_size"
                ;;
            http.kanal)
                echo "connector.class=$http_sink_class"
                echo "tasks.max=$tasks"
                echo "topics=http-orders"
                echo "http.url=$target"
                echo "batch.max.records=$batch_size"
                ;;
        esac
    } >"$dir/connector.properties"
}

# start_helper FILE COMMAND...: runs COMMAND in the background with its output in FILE; waits for its first line.
start_helper() {
    local file="$1" i
    shift
    "$@" >"$file" 2>&1 &
    helper_pids+=("$!")
    # For the script's exit trap: this runs in a subshell, whose variables the trap does not see.
    echo "$!" >>"$work/helper.pids"
    for i in $(seq 1 600); do
        [[ ! -s "$file" ]] || return 0
        alive "${helper_pids[-1]}" || break
        sleep 0.05
    done
    echo "helper $1 did not start:" >&2
    cat "$file" >&2
    return 1
}

stop_helpers() {
    local p
    for p in "${helper_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${helper_pids[@]}"; do wait "$p" 2>/dev/null || true; done
    helper_pids=()
    rm -f "$work/helper.pids"
}

# run ID PART SIDE -> prints "seconds rows_per_s cpu_s db_cpu_s peak_rss_mib first_s flow_rows_per_s", or "fail"
# (runs in a subshell). first_s: launch to the first row in the table (the sequence moved) / record in the topic / at
# the endpoint; flow rows/s: N / (seconds - first_s), the rate once rows flow, without the worker's start.
run() {
    local id="$1" part="$2" side="$3"
    local dir="$work/run-$id-$part-$side"
    rm -rf "$dir"
    mkdir -p "$dir"
    local target progress="$dir/progress.txt" log="$dir/worker.log" seq_name=""
    case "$part" in
        sink)
            target="orders_$id" seq_name="orders_${id}_row_seq_seq"
            pg_sql -c "CREATE TABLE $target ($order_columns, row_seq bigserial)" >/dev/null || { echo fail; return; }
            # One psql session reads the sequence every 100 ms: nextval runs once per inserted row, so once it has
            # passed N, count(*) is worth asking.
            echo "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM $seq_name \\watch 0.1" >"$dir/watch.sql"
            start_helper "$progress" psql -X -q -A -t -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres \
                -f "$dir/watch.sql" || { echo fail; return; }
            ;;
        source)
            target="src-$id-"
            create_topic "${target}source_orders" 1 "$dir/create-topic.out" || { echo fail; return; }
            start_helper "$progress" java "${jvm_opts[@]}" -cp "$bench_cp" \
                -Dlog4j2.configurationFile="$work/log4j2.yaml" io.kanal.bench.TopicCountWatch --bootstrap "$bootstrap" \
                --topic "${target}source_orders" --partitions 1 --records "$rows" --timeout-s "$timeout_s" \
                || { echo fail; return; }
            ;;
        http)
            start_helper "$progress" java "${jvm_opts[@]}" -cp "$bench_cp" io.kanal.bench.CountingHttpServer \
                --records "$rows" || { echo fail; return; }
            target="http://127.0.0.1:$(awk '/^listening/ {print $2}' "$progress")/orders"
            ;;
    esac
    write_configs "$dir" "$part" "$side" "$id" "$target"
    # Write back the page cache earlier runs left dirty, or kernel write-back competes with this run for the 2 cores.
    sync
    local db0 broker0 busy0 t0 pid
    db0="$(pg_cpu)"
    broker0="$(tree_cpu "$broker_pid")"
    busy0="$(machine_ticks)"
    t0="$EPOCHREALTIME"
    if [[ "$side" == apache ]]; then
        java "${apache_jvm_opts[@]}" -cp "$connect_cp" org.apache.kafka.connect.cli.ConnectStandalone \
            "$dir/worker.properties" "$dir/connector.properties" >"$log" 2>&1 &
        pid=$!
    else
        KANAL_OPTS="$kanal_opts" KANAL_MVN_LOCK_HELD=1 "$root/kanal" standalone \
            "$dir/worker.properties" "$dir/connector.properties" >"$log" 2>&1 &
        pid=$!
    fi
    echo "$pid" >"$worker_pid_file"
    local t_done="" t_first="" now last deadline count=""
    deadline="$(awk -v t="$t0" -v s="$timeout_s" 'BEGIN {printf "%d", t + s}')"
    while :; do
        now="$EPOCHREALTIME"
        if [[ "$part" == sink ]]; then
            last="$(grep -v '^$' "$progress" | tail -n 1)"
            [[ -n "$t_first" || ! "$last" =~ ^[0-9]+$ ]] || ((last == 0)) || t_first="$now"
            if [[ "$last" =~ ^[0-9]+$ ]] && ((last >= rows)); then
                count="$(pg_sql -c "SELECT count(*) FROM $target")"
                if ((count >= rows)); then
                    t_done="$now"
                    break
                fi
            fi
        else
            last="$(awk '/^reached/ {print $2}' "$progress")"
            if [[ -n "$last" ]]; then
                t_done="$last"
                t_first="$(awk '/^first/ {print $2}' "$progress")"
                break
            fi
        fi
        if ! alive "$pid"; then
            echo "  $part $side run $id: the worker exited before the last row; see $log" >&2
            tail -n 30 "$log" >&2
            wait "$pid" 2>/dev/null || true
            rm -f "$worker_pid_file"
            stop_helpers
            echo fail
            return
        fi
        if ((${now%.*} >= deadline)); then
            echo "  $part $side run $id: not all $rows rows after ${timeout_s}s ($(tail -n 1 "$progress"));" \
                "see $log" >&2
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            rm -f "$worker_pid_file"
            stop_helpers
            echo fail
            return
        fi
        sleep 0.05
    done
    local jvm cpu rss_kb db
    jvm="$(java_pid "$pid" || echo "$pid")"
    [[ "$(cat "/proc/$jvm/comm")" == java ]] || echo "  warning: pid $jvm is $(cat "/proc/$jvm/comm"), not java" >&2
    cpu="$(cpu_seconds "$jvm")"
    rss_kb="$(awk '/^VmHWM:/ {print $2}' "/proc/$jvm/status")"
    db="$(awk -v a="$(pg_cpu)" -v b="$db0" 'BEGIN {printf "%.2f", a - b}')"
    # Where the rest of the machine went: the broker's CPU, and how busy all cores were, over the run.
    local broker busy
    broker="$(awk -v a="$(tree_cpu "$broker_pid")" -v b="$broker0" 'BEGIN {printf "%.2f", a - b}')"
    busy="$(echo "$busy0 $(machine_ticks)" | awk '{printf "%.0f%% busy, %.0f%% iowait", 100 * ($4 - $1) / ($5 - $2),
        100 * ($6 - $3) / ($5 - $2)}')"
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while alive "$pid" && ((waited < 600)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if alive "$pid"; then
        echo "  $part $side run $id: still running 60 s after SIGTERM, killed" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    rm -f "$worker_pid_file"
    stop_helpers
    # What arrived: every id once in the table; records in the topic (more than N are duplicates); records counted.
    local check
    case "$part" in
        sink)
            check="$(pg_sql -F ' ' -c "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM $target")"
            if [[ "$check" == "$rows $rows 0 $((rows - 1))" ]]; then
                check="all $rows rows, each id once"
            else
                check="TABLE DIFFERS: count, distinct ids, min, max = $check"
            fi
            pg_sql -c "DROP TABLE $target" >/dev/null
            ;;
        source) check="$(awk '/^reached/ {print $3}' "$progress") records in ${target}source_orders" ;;
        http) check="$(awk '/^reached/ {print $3 " records in " $4 " requests"}' "$progress")" ;;
    esac
    local secs rps rss_mib first_s flow
    secs="$(elapsed "$t0" "$t_done")"
    rps="$(awk -v n="$rows" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')"
    rss_mib="$(awk -v k="$rss_kb" 'BEGIN {printf "%.0f", k / 1024}')"
    # A run so short that the first row and the last came in one poll has no flow rate of its own: the overall one.
    first_s="$(elapsed "$t0" "${t_first:-$t0}")"
    flow="$(awk -v n="$rows" -v s="$secs" -v f="$first_s" 'BEGIN {printf "%.0f", n / (s - f > 0.05 ? s - f : s)}')"
    echo "  $part $side run $id: ${secs}s, $rps rows/s (first row after ${first_s}s, then $flow rows/s), cpu ${cpu}s," \
        "db cpu ${db}s, peak RSS ${rss_mib} MiB (broker cpu ${broker}s, all cores ${busy}) - $check" >&2
    echo "$secs $rps $cpu $db $rss_mib $first_s $flow"
}
