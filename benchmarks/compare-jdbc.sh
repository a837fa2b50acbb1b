#!/usr/bin/env bash
# JDBC and HTTP connectors on one local broker and one private PostgreSQL: Debezium's JDBC sink on Apache Kafka Connect
# standalone against Kanal's JDBC sink on `kanal standalone` (alternating A K A K), then Kanal's JDBC source and HTTP
# sink on their own (there is no Apache-licensed baseline for them on Maven Central).
#
# Parts (--parts, default "sink source http"):
#   sink    Kafka -> PostgreSQL. The topic jdbc-orders (P partitions, default 4) is filled once per script with N orders
#           (default 1,000,000; io.kanal.bench.JdbcBenchRecords: about 220 B of JSON payload each, written as
#           Connect's JsonConverter with schemas.enable=true writes it, about 840 B with the schema envelope). Per run
#           a fresh table orders_<run> (id bigint primary key, 4 text, 1 integer, 1 bigint, 1 text, created_at
#           timestamp, and a bigserial column the sinks do not write, which makes progress cheap to read) and a
#           fresh connector name (so a fresh consumer group); 4 tasks, batch.size and consumer.max.poll.records B
#           (default 2000), insert.mode insert (--mode upsert: upsert keyed on id), keys null, pk mode none.
#           Apache: connect-runtime $kafka_version with Debezium's JDBC sink (io.debezium:debezium-connector-jdbc,
#           the plugin tar.gz from Maven Central, unpacked on plugin.path; DEBEZIUM_VERSION, default 3.6.0.Final,
#           the newest there: 3.6.1.Final is not published). Kanal: io.kanal.plugins.jdbc.sink.JdbcSinkConnector
#           from plugins/jdbc/target/plugin.
#   source  PostgreSQL -> Kafka, Kanal only: io.kanal.plugins.jdbc.source.JdbcSourceConnector reads the N-row table
#           source_orders (filled once per script) in mode incrementing on id (--source-mode bulk: bulk) with
#           batch.max.rows B into a fresh 1-partition topic per run; JsonConverter with schemas.
#   http    Kafka -> HTTP, Kanal only: Kanal's HTTP sink (plugins/http) posts the topic http-orders (N bare JSON
#           orders, JsonConverter without schemas, P partitions, 4 tasks, batch.max.records B) to a local JDK
#           HttpServer that counts the records (io.kanal.bench.CountingHttpServer).
# A Kanal part whose plugin is not built (or not merged yet) is skipped with a note; the sink part then runs Apache
# only.
#
# Per run it measures, from the launch of the worker process:
#   seconds    until the table holds all N rows (count(*), checked once the bigserial column's sequence has passed N;
#              the sequence is polled every 100 ms by one psql session), the topic holds N records (sum of end
#              offsets, polled every 50 ms by io.kanal.bench.TopicCountWatch) or the endpoint counted N records;
#              rows/s = N / seconds;
#   first s    until the first row is in the table (the sequence moved) / the first record in the topic / at the
#              endpoint; flow rows/s = N / (seconds - first s), the rate once rows flow, without the worker's start;
#   cpu s      user+sys seconds of the worker JVM (/proc/<pid>/stat), read just before stop;
#   db cpu s   user+sys seconds PostgreSQL's processes spent during the run (the postmaster with its children);
#   peak RSS   VmHWM of the worker JVM (/proc/<pid>/status), read just before stop;
#   and, in the run's line only, the broker's CPU seconds and how busy all cores were (/proc/stat) during the run.
# It prints per part the medians of each side, and for the sink the ratio Kanal/Apache; the last line is
# `jdbc sink ratio: <Kanal/Apache rows/s>` (n/a unless both sides ran).
#
# Run it holding the Maven lock, so that no build skews the numbers:
#   flock /tmp/kanal-mvn.lock benchmarks/compare-jdbc.sh
#   flock /tmp/kanal-mvn.lock benchmarks/compare-jdbc.sh --rows 100000 --rounds 1 --parts sink --apache-only
# Options (environment variables in brackets):
#   --rows N          rows, records (ROWS, default 1000000)
#   --rounds N        measured runs per side and part (ROUNDS, default 3)
#   --warmup N        unmeasured runs per side of the first part before the measured ones (WARMUP, default 1)
#   --parts L         space-separated, of: sink source http (PARTS, default "sink source http")
#   --tasks N         tasks.max of the sinks (TASKS, default 4)
#   --partitions N    partitions of the sinks' topics (PARTITIONS, default 4)
#   --batch-size N    batch.size / batch.max.rows / batch.max.records and max.poll.records (BATCH_SIZE, default 2000)
#   --mode M          sink insert.mode: insert or upsert (MODE, default insert)
#   --source-mode M   incrementing or bulk (SOURCE_MODE, default incrementing)
#   --url-params P    appended to both sides' connection.url, e.g. '?reWriteBatchedInserts=true', which Kanal's sink
#                     sets on its own pool and Debezium's does not (URL_PARAMS, default none)
#   --apache-only     run only Apache Kafka Connect (the sink part); --kanal-only: only Kanal
#   --timeout S       give up on a run after S seconds (TIMEOUT, default 900)
# Each run's files stay in benchmarks/target/compare-jdbc/run-*; PostgreSQL's data and log in .../pg.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/compare-jdbc"
rows="${ROWS:-1000000}"
rounds="${ROUNDS:-3}"
warmup="${WARMUP:-1}"
parts="${PARTS:-sink source http}"
tasks="${TASKS:-4}"
partitions="${PARTITIONS:-4}"
batch_size="${BATCH_SIZE:-2000}"
sink_mode="${MODE:-insert}"
source_mode="${SOURCE_MODE:-incrementing}"
timeout_s="${TIMEOUT:-900}"
url_params="${URL_PARAMS:-}"
debezium_version="${DEBEZIUM_VERSION:-3.6.0.Final}"
sides="apache kanal"
flush_ms=10000

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --parts) parts="$2"; shift 2 ;;
        --tasks) tasks="$2"; shift 2 ;;
        --partitions) partitions="$2"; shift 2 ;;
        --batch-size) batch_size="$2"; shift 2 ;;
        --mode) sink_mode="$2"; shift 2 ;;
        --source-mode) source_mode="$2"; shift 2 ;;
        --url-params) url_params="$2"; shift 2 ;;
        --apache-only) sides="apache"; shift ;;
        --kanal-only) sides="kanal"; shift ;;
        --timeout) timeout_s="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
for p in $parts; do
    [[ "$p" == sink || "$p" == source || "$p" == http ]] || { echo "unknown part $p (sink source http)" >&2; exit 2; }
done
[[ "$sink_mode" == insert || "$sink_mode" == upsert ]] || { echo "--mode insert|upsert" >&2; exit 2; }
[[ "$source_mode" == incrementing || "$source_mode" == bulk ]] || {
    echo "--source-mode incrementing|bulk" >&2
    exit 2
}
# shellcheck source=compare-lib.sh
source "$root/benchmarks/compare-lib.sh"
# shellcheck source=compare-jdbc-lib.sh
source "$root/benchmarks/compare-jdbc-lib.sh"

# --- 1. Class paths and plugins, outside the measured runs.
kanal_classpath
# kanal_plugin MODULE CLASS: prints the module's plugin directory if it is built (built now when its sources are newer)
# and holds CLASS; prints nothing, with a note, otherwise.
kanal_plugin() {
    local module="$root/plugins/$1" class_file="${2//.//}.class" dir
    dir="$module/target/plugin"
    if [[ ! -f "$module/pom.xml" ]] || ! grep -rqs --include='*.java' "class ${2##*.}\b" "$module/src/main/java"; then
        echo "note: $2 is not in plugins/$1 yet: its Kanal runs are skipped" >&2
        return 0
    fi
    if [[ ! -d "$dir" || -n "$(find "$module/src/main" "$module/pom.xml" -newer "$dir" -print -quit)" ]]; then
        echo "building plugins/$1 (mvn package -pl plugins/$1 -am) ..." >&2
        (cd "$root" && mvn -B -q -o -DskipTests -Dspotless.check.skip=true package -pl "plugins/$1" -am) >&2
        touch "$dir"
    fi
    local jar
    for jar in "$dir"/*/*.jar "$dir"/*.jar; do
        [[ -f "$jar" ]] || continue
        if unzip -l "$jar" "$class_file" >/dev/null 2>&1; then
            echo "$dir"
            return 0
        fi
    done
    echo "note: $2 is not in $dir: its Kanal runs are skipped" >&2
}
jdbc_sink_class=io.kanal.plugins.jdbc.sink.JdbcSinkConnector
jdbc_source_class=io.kanal.plugins.jdbc.source.JdbcSourceConnector
http_sink_class="${HTTP_SINK_CLASS:-io.kanal.plugins.http.HttpSinkConnector}"
kanal_jdbc_sink="" kanal_jdbc_source="" kanal_http=""
if [[ " $sides " == *" kanal "* ]]; then
    [[ " $parts " != *" sink "* ]] || kanal_jdbc_sink="$(kanal_plugin jdbc "$jdbc_sink_class")"
    [[ " $parts " != *" source "* ]] || kanal_jdbc_source="$(kanal_plugin jdbc "$jdbc_source_class")"
    [[ " $parts " != *" http "* ]] || kanal_http="$(kanal_plugin http "$http_sink_class")"
fi
# kafka-tools (TopicCommand, and kafka-clients for the benchmark's own tools), then Apache Connect with Debezium.
baseline_pom jdbc-topics TopicCommand
tools_cp="$(baseline_classpath "$work/baseline-pom.xml")"
write_log4j_config
bench_tools
if [[ " $sides " == *" apache "* && " $parts " == *" sink "* ]]; then
    apache_connect
    debezium_plugin
fi
kanal_opts="${KANAL_OPTS:-} -Dkanal.log.worker.level=info"
rm -rf "$work"/run-*

# --- 2. One broker and one PostgreSQL. If the script stops in the middle of a run, that run's worker and helpers go
# with them.
start_broker compare-jdbc
start_postgres
worker_pid_file="$work/worker.pid"
helper_pids=()
rm -f "$worker_pid_file" "$work/helper.pids"
trap 'if [[ -s "$worker_pid_file" ]]; then kill -KILL "$(cat "$worker_pid_file")" 2>/dev/null || true; fi
    for p in $(cat "$work/helper.pids" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    stop_postgres; kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true' EXIT
echo "broker: $bootstrap (Kafka $kafka_version); PostgreSQL $pg_version on 127.0.0.1:$pg_port; $rows rows;" \
    "parts: $parts; sides: $sides; $rounds rounds, $warmup warm-up; $tasks tasks, $partitions partitions," \
    "batch $batch_size, sink $sink_mode, source $source_mode${url_params:+, URL parameters $url_params}" >&2

# --- 3. The data, once per script.
if [[ " $parts " == *" sink "* ]]; then
    fill_topic jdbc-orders "$partitions" true
fi
if [[ " $parts " == *" http "* && -n "$kanal_http" ]]; then
    fill_topic http-orders "$partitions" false
fi
if [[ " $parts " == *" source "* && -n "$kanal_jdbc_source" ]]; then
    fill_source_table
fi

# --- 4. Runs.
run_id=0
result=""
# measure PART SIDE: one run; sets result, or stops the benchmark if the run failed.
measure() {
    run_id=$((run_id + 1))
    result="$(run "$run_id" "$1" "$2")"
    if [[ "$result" == fail || -z "$result" ]]; then
        echo "run $run_id ($1 $2) failed" >&2
        exit 1
    fi
}

# The sides a part runs on: the sink on both (Apache only when Kanal's is missing), the others on Kanal when built.
part_sides() {
    local out="" side
    for side in $sides; do
        case "$1.$side" in
            sink.apache) out+="apache " ;;
            sink.kanal) [[ -z "$kanal_jdbc_sink" ]] || out+="kanal " ;;
            source.kanal) [[ -z "$kanal_jdbc_source" ]] || out+="kanal " ;;
            http.kanal) [[ -z "$kanal_http" ]] || out+="kanal " ;;
        esac
    done
    echo "${out% }"
}

declare -A med
ran_parts=""
first=1
for part in $parts; do
    psides="$(part_sides "$part")"
    [[ -n "$psides" ]] || { echo "part $part: nothing to run" >&2; continue; }
    ran_parts+="$part "
    if ((first)); then
        # A fresh broker, database and page cache slow the first runs down: unmeasured runs of each side first.
        for _ in $(seq 1 "$warmup"); do
            for side in $psides; do
                echo "warm-up:" >&2
                measure "$part" "$side"
            done
        done
        first=0
    fi
    declare -A samples=()
    for r in $(seq 1 "$rounds"); do
        # Alternate which side goes first: A K, K A, A K, ...
        order="$psides"
        if ((r % 2 == 0)) && [[ "$psides" == "apache kanal" ]]; then order="kanal apache"; fi
        for side in $order; do
            measure "$part" "$side"
            read -r s l c d m f w <<<"$result"
            samples[$side.s]+="$s " samples[$side.l]+="$l " samples[$side.c]+="$c " samples[$side.d]+="$d "
            samples[$side.m]+="$m " samples[$side.f]+="$f " samples[$side.w]+="$w "
        done
    done
    for side in $psides; do
        med[$part.sides]+="$side "
        for k in s l c d m f w; do
            # shellcheck disable=SC2086 # word splitting wanted: one sample per line
            med[$part.$side.$k]="$(printf '%s\n' ${samples[$side.$k]} | median)"
        done
    done
    unset samples
done

head='%-7s %-8s %9s %9s %8s %9s %8s %9s %13s\n'
# shellcheck disable=SC2059 # the format is a variable
printf "$head" part side seconds "rows/s" "first s" "flow r/s" "cpu s" "db cpu s" "peak RSS MiB"
sink_ratio=n/a
for part in $ran_parts; do
    for side in ${med[$part.sides]}; do
        printf '%-7s %-8s %9.2f %9.0f %8.2f %9.0f %8.2f %9.2f %13.0f\n' "$part" "$side" "${med[$part.$side.s]}" \
            "${med[$part.$side.l]}" "${med[$part.$side.f]}" "${med[$part.$side.w]}" "${med[$part.$side.c]}" \
            "${med[$part.$side.d]}" "${med[$part.$side.m]}"
    done
    if [[ "$part" == sink && "${med[$part.sides]}" == "apache kanal " ]]; then
        ratios=()
        for k in s l f w c d m; do
            ratios+=("$(awk -v k="${med[sink.kanal.$k]}" -v a="${med[sink.apache.$k]}" \
                'BEGIN {if (a > 0) printf "%.2f", k / a; else print "-"}')")
        done
        # shellcheck disable=SC2059
        printf "$head" sink ratio "${ratios[@]}"
        sink_ratio="${ratios[1]}"
    fi
done
echo "(medians of $rounds runs each, $rows rows; seconds = worker launch to all rows in the table / records in the"
echo " topic / records at the endpoint, rows/s = rows / seconds; first = launch to the first row; flow = rows /"
echo " (seconds - first); cpu = user+sys of the worker JVM; db cpu = PostgreSQL's; ratio = kanal/apache)"
echo "jdbc sink ratio: $sink_ratio"
