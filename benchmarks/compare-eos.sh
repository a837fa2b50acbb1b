#!/usr/bin/env bash
# Exactly-once source throughput on one local broker: Apache Kafka Connect distributed
# (org.apache.kafka.connect.cli.ConnectDistributed from connect-runtime on Maven Central, a benchmark-only class path,
# the JVM options of connect-distributed.sh) against `kanal distributed`, each with exactly.once.source.support=enabled
# (the connector with exactly.once.support=required) and with it disabled, sides alternating A K A K.
#
# The workload is the file source (FileStreamSourceConnector, one task, batch.size=2000, Connect's default) over a
# pre-generated file of N lines x 100 B into a fresh 6-partition topic: Apache has no datagen, and the file source is
# the one source both ship (Apache's connect-file on plugin.path; Kanal's own file plugin, which answers to the same
# class name and declares exactly-once support for a file as Apache's does). It is light, so the figures are the
# workers' own cost: the producer, the transactions and the offsets. The transaction boundary is Connect's default,
# `poll` (one transaction per batch of 2000 lines). With --connect-jars, Kanal runs Apache's connect-file jar itself
# through the Connect bridge (see compare-connect.sh).
#
# Per run: one worker in a fresh group (fresh internal topics, replication factor 1), StringConverter, offset
# flushes every 500 ms (offset.flush.interval.ms, both sides; without exactly-once that is when the offset shows). Once
# its REST API answers, the connector is made (PUT /connectors/<c>/config); the clock starts there and stops when
# GET /connectors/<c>/offsets (KIP-875, both sides) reports the file's last byte as the committed position, polled
# every 250 ms. records/s = N / seconds; cpu s = the worker JVM's user+sys seconds over the same span (/proc). Then the
# worker is stopped (SIGTERM) and a read_committed consumer (Apache's ConsoleConsumer) counts the topic's records:
# the run fails unless it holds N.
#
# Run it holding the Maven lock, so that no build skews the numbers:
#   flock /tmp/kanal-mvn.lock benchmarks/compare-eos.sh
#   flock /tmp/kanal-mvn.lock benchmarks/compare-eos.sh --lines 200000 --rounds 1
# Options (environment variables in brackets):
#   --rounds N        measured runs per side and mode (ROUNDS, default 3)
#   --lines N         input lines (LINES, default 1000000)
#   --modes L         space-separated, of: on off (MODES, default "on off")
#   --apache-only     run only Apache Kafka Connect; --kanal-only: only Kanal (no ratio then)
#   --boundary B      transaction.boundary with exactly-once on: poll, or interval:MS for `interval` with
#                     transaction.boundary.interval.ms=MS (BOUNDARY, default poll)
#   --connect-jars    Kanal runs Apache's connect-file jar through the Connect bridge (CONNECT_JARS=1)
#   --timeout S       give up on a run after S seconds (TIMEOUT, default 600)
# The last line is `eos ratio: <Kanal/Apache records/s with exactly-once on>`. Each run's files stay in
# benchmarks/target/compare-eos/run-*.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/compare-eos"
rounds="${ROUNDS:-3}"
lines="${LINES:-1000000}"
modes="${MODES:-on off}"
timeout_s="${TIMEOUT:-600}"
connect_jars="${CONNECT_JARS:-}"
boundary="${BOUNDARY:-poll}"
sides="apache kanal"
partitions=6
batch_size=2000
flush_ms=500
poll_s=0.25

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --lines) lines="$2"; shift 2 ;;
        --modes) modes="$2"; shift 2 ;;
        --timeout) timeout_s="$2"; shift 2 ;;
        --apache-only) sides="apache"; shift ;;
        --kanal-only) sides="kanal"; shift ;;
        --boundary) boundary="$2"; shift 2 ;;
        --connect-jars) connect_jars=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
for m in $modes; do
    [[ "$m" == on || "$m" == off ]] || { echo "unknown mode $m (on, off)" >&2; exit 2; }
done
[[ "$boundary" == poll || "$boundary" =~ ^interval:[0-9]+$ ]] || { echo "--boundary poll|interval:MS" >&2; exit 2; }
# shellcheck source=compare-lib.sh
source "$root/benchmarks/compare-lib.sh"

# --- 1. Class paths: Kanal and its file plugin (or the bridge layer), kafka-tools (topics, the counting consumer),
# Apache Connect with connect-file on plugin.path as Kafka's quickstart puts it.
kanal_classpath
if [[ -z "$connect_jars" ]]; then
    kanal_plugin_path="$root/plugins/file/target/plugin"
    [[ -d "$kanal_plugin_path" ]] || { echo "Kanal's file plugin is not built ($kanal_plugin_path)" >&2; exit 1; }
else
    bridge_layer="$root/connect-bridge/target/layer"
    [[ -d "$bridge_layer" ]] || { echo "the Connect bridge layer is not built ($bridge_layer)" >&2; exit 1; }
fi
baseline_pom eos-topics TopicCommand
tools_cp="$(baseline_classpath "$work/baseline-pom.xml")"
write_log4j_config
apache_connect
apache_plugin connect-file connect-file
if [[ -n "$connect_jars" ]]; then
    kanal_plugin_path="$work/kanal-connect-plugins"
    rm -rf "$kanal_plugin_path"
    mkdir -p "$kanal_plugin_path"
    cp "$apache_plugin_path/connect-file/connect-file-$connect_file_version.jar" "$kanal_plugin_path/"
fi
rm -rf "$work"/run-*

# --- 2. The input: N distinct lines of 100 B.
input="$work/input-$lines.txt"
if [[ ! -s "$input" ]]; then
    awk -v n="$lines" 'BEGIN {
        a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"; a = a a a
        for (i = 0; i < n; i++) printf "%010d %s\n", i, substr(a, i % 62 + 1, 89)
    }' >"$input.tmp"
    mv "$input.tmp" "$input"
fi
input_bytes="$(stat -c %s "$input")"

# --- 3. One broker. If the script stops in the middle of a run, that run's worker goes with the broker.
start_broker compare-eos
worker_pid=""
trap 'if [[ -n "$worker_pid" ]]; then kill -KILL "$worker_pid" 2>/dev/null || true; fi
    kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true' EXIT
echo "broker: $bootstrap (Kafka $kafka_version); Apache: connect-runtime $kafka_version, connect-file" \
    "$connect_file_version; $lines x 100 B, $partitions partitions; sides: $sides; modes: $modes;" \
    "boundary: $boundary; $rounds rounds" >&2

# worker_config DIR SIDE MODE GROUP PORT: DIR/worker.properties.
worker_config() {
    local dir="$1" side="$2" mode="$3" group="$4" port="$5"
    {
        echo "bootstrap.servers=$bootstrap"
        echo "group.id=$group"
        echo "config.storage.topic=$group-configs"
        echo "offset.storage.topic=$group-offsets"
        echo "status.storage.topic=$group-status"
        echo "config.storage.replication.factor=1"
        echo "offset.storage.replication.factor=1"
        echo "status.storage.replication.factor=1"
        echo "key.converter=org.apache.kafka.connect.storage.StringConverter"
        echo "value.converter=org.apache.kafka.connect.storage.StringConverter"
        echo "offset.flush.interval.ms=$flush_ms"
        echo "listeners=http://127.0.0.1:$port"
        echo "rest.advertised.host.name=127.0.0.1"
        echo "rest.advertised.port=$port"
        if [[ "$mode" == on ]]; then
            echo "exactly.once.source.support=enabled"
        else
            echo "exactly.once.source.support=disabled"
        fi
        echo "plugin.path=$kanal_plugin_path"
        if [[ "$side" == kanal && -n "$connect_jars" ]]; then
            echo "kanal.connect.bridge.path=$bridge_layer"
        fi
    } >"$dir/worker.properties"
    if [[ "$side" == apache ]]; then
        sed -i "s|^plugin.path=.*|plugin.path=$apache_plugin_path|" "$dir/worker.properties"
    fi
}

# connector_json MODE TOPIC -> the connector's config as JSON.
connector_json() {
    local eos=""
    if [[ "$1" == on && "$boundary" == poll ]]; then
        eos=",\"exactly.once.support\":\"required\",\"transaction.boundary\":\"poll\""
    elif [[ "$1" == on ]]; then
        eos=",\"exactly.once.support\":\"required\",\"transaction.boundary\":\"interval\""
        eos+=",\"transaction.boundary.interval.ms\":\"${boundary#interval:}\""
    fi
    echo "{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\",\"tasks.max\":\"1\"," \
        "\"file\":\"$input\",\"topic\":\"$2\",\"batch.size\":\"$batch_size\"$eos}"
}

# position URL CONNECTOR -> the committed position of the file source, or -1.
position() {
    curl -s "$1/connectors/$2/offsets" 2>/dev/null |
        python3 -c 'import json, sys
try:
    o = json.load(sys.stdin)["offsets"]
    print(max([int(e["offset"]["position"]) for e in o if e.get("offset")] or [-1]))
except Exception:
    print(-1)'
}

# count TOPIC LOG -> the records a read_committed consumer reads from the topic.
count() {
    java -cp "$tools_cp" -Dlog4j2.configurationFile="$work/log4j2.yaml" \
        org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" --topic "$1" --from-beginning \
        --isolation-level read_committed --timeout-ms 10000 2>"$2" | wc -l
}

# run ID SIDE MODE -> sets result to "seconds records_per_s cpu_s", or returns 1.
run() {
    local id="$1" side="$2" mode="$3"
    local dir="$work/run-$id-$side-$mode" group="eos-$id-$side-$mode" topic="eos-data-$id-$side-$mode"
    rm -rf "$dir"
    mkdir -p "$dir"
    create_topic "$topic" "$partitions" "$dir/create-topic.out" || return 1
    local port url
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    worker_config "$dir" "$side" "$mode" "$group" "$port"
    sync
    if [[ "$side" == apache ]]; then
        java "${apache_jvm_opts[@]}" -cp "$connect_cp" org.apache.kafka.connect.cli.ConnectDistributed \
            "$dir/worker.properties" >"$dir/worker.log" 2>&1 &
    else
        KANAL_MVN_LOCK_HELD=1 "$root/kanal" distributed "$dir/worker.properties" >"$dir/worker.log" 2>&1 &
    fi
    worker_pid=$!
    local deadline code jvm
    deadline="$((${EPOCHREALTIME%.*} + timeout_s))"
    # The connector is made once the worker accepts it (409 while it joins its group, no answer before REST is up).
    while :; do
        code="$(curl -s -o "$dir/put.out" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
            --data "$(connector_json "$mode" "$topic")" "$url/connectors/eos-file/config" || true)"
        [[ "$code" == 200 || "$code" == 201 ]] && break
        if ! alive "$worker_pid" || ((${EPOCHREALTIME%.*} >= deadline)); then
            echo "  $side $mode run $id: connector not created (HTTP $code $(cat "$dir/put.out" 2>/dev/null));" \
                "see $dir/worker.log" >&2
            return 1
        fi
        sleep 0.2
    done
    local t0="$EPOCHREALTIME" cpu0 t_done="" pos
    jvm="$(java_pid "$worker_pid" || echo "$worker_pid")"
    cpu0="$(cpu_seconds "$jvm")"
    while :; do
        pos="$(position "$url" eos-file)"
        if ((pos >= input_bytes)); then
            t_done="$EPOCHREALTIME"
            break
        fi
        if ! alive "$worker_pid" || ((${EPOCHREALTIME%.*} >= deadline)); then
            echo "  $side $mode run $id: position $pos of $input_bytes B after ${timeout_s}s; see $dir/worker.log" >&2
            return 1
        fi
        sleep "$poll_s"
    done
    local cpu1
    cpu1="$(cpu_seconds "$jvm")"
    kill -TERM "$worker_pid" 2>/dev/null || true
    wait "$worker_pid" 2>/dev/null || true
    worker_pid=""
    local records
    records="$(count "$topic" "$dir/count.err")"
    if ((records != lines)); then
        echo "  $side $mode run $id: read_committed found $records records, not $lines; see $dir" >&2
        return 1
    fi
    local secs rps cpu
    secs="$(elapsed "$t0" "$t_done")"
    rps="$(awk -v n="$lines" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')"
    cpu="$(awk -v a="$cpu1" -v b="$cpu0" 'BEGIN {printf "%.2f", a - b}')"
    echo "  $side eos-$mode run $id: ${secs}s, $rps records/s, cpu ${cpu}s - read_committed: $records records" >&2
    result="$secs $rps $cpu"
}

# --- 4. Runs: per mode, the sides alternate round by round.
run_id=0
declare -A samples med
for mode in $modes; do
    for _ in $(seq 1 "$rounds"); do
        for side in $sides; do
            run_id=$((run_id + 1))
            run "$run_id" "$side" "$mode" || { echo "run $run_id ($side $mode) failed" >&2; exit 1; }
            read -r s r c <<<"$result"
            samples[$mode.$side.s]+="$s " samples[$mode.$side.r]+="$r " samples[$mode.$side.c]+="$c "
        done
    done
    for side in $sides; do
        for m in s r c; do
            # shellcheck disable=SC2086 # word splitting wanted: one sample per line
            med[$mode.$side.$m]="$(printf '%s\n' ${samples[$mode.$side.$m]} | median)"
        done
    done
done

printf '%-6s %-8s %10s %12s %8s %14s\n' eos side seconds "records/s" "cpu s" "cpu us/record"
ratio_on="n/a"
for mode in $modes; do
    for side in $sides; do
        printf '%-6s %-8s %10.2f %12.0f %8.2f %14.2f\n' "$mode" "$side" "${med[$mode.$side.s]}" \
            "${med[$mode.$side.r]}" "${med[$mode.$side.c]}" \
            "$(awk -v c="${med[$mode.$side.c]}" -v n="$lines" 'BEGIN {printf "%.2f", c * 1e6 / n}')"
    done
    if [[ "$sides" == "apache kanal" ]]; then
        r="$(awk -v k="${med[$mode.kanal.r]}" -v a="${med[$mode.apache.r]}" 'BEGIN {printf "%.2f", k / a}')"
        c="$(awk -v k="${med[$mode.kanal.c]}" -v a="${med[$mode.apache.c]}" 'BEGIN {printf "%.2f", k / a}')"
        printf '%-6s %-8s %10s %12s %8s\n' "$mode" ratio "" "$r" "$c"
        [[ "$mode" != on ]] || ratio_on="$r"
    fi
done
echo "(medians of $rounds runs each, $lines x 100 B, one task, boundary $boundary; seconds = connector created to"
echo " the last byte's offset committed; cpu = user+sys seconds of the worker JVM over that span; ratio = kanal/apache)"
echo "eos ratio: $ratio_on"
