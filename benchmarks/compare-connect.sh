#!/usr/bin/env bash
# Side-by-side worker comparison on one local broker: Apache Kafka Connect standalone (connect-runtime from Maven
# Central, resolved into a benchmark-only class path, run with the JVM options of connect-standalone.sh) against
# `kanal standalone`, alternating A K A K. Workload: a file of N lines x 100 B (default 1,000,000), file source (one
# task) -> a fresh 6-partition topic per run -> file sink (one task), first with StringConverter, then with
# JsonConverter and schemas.enable=true for key and value. Both sides read the same worker and connector property
# files, apart from plugin.path, Apache's REST listener and Kanal's own keys.
#
# Per run it measures, from the launch of the worker process:
#   seconds    until the sink's output file holds all N lines (polled every 50 ms), and lines/s = N / seconds;
#   cpu s      user+sys seconds of the worker JVM (/proc/<pid>/stat, with waited-for children), read just before stop;
#   peak RSS   VmHWM of the worker JVM (/proc/<pid>/status), read just before stop;
#   ready s    until the worker logged that every connector given on the command line is in: Apache's second
#              "Created connector" (ConnectStandalone, after "Kafka Connect started"), Kanal's "Kanal worker ready"
#              (polled every 50 ms too; -1 when the line never came).
# Then it stops the worker (SIGTERM, then waits) and checks that the output holds every input line (duplicates are
# counted). It prints per converter the medians of each side and the ratio Kanal/Apache; the last line is
# `connect ratio: <lowest Kanal/Apache lines/s ratio over the converters>`.
#
# Run it holding the Maven lock, so that no build skews the numbers:
#   flock /tmp/kanal-mvn.lock benchmarks/compare-connect.sh
#   flock /tmp/kanal-mvn.lock benchmarks/compare-connect.sh --lines 100000 --rounds 1 --apache-only
# Options (environment variables in brackets):
#   --rounds N        measured runs per side and converter (ROUNDS, default 3)
#   --lines N         input lines (LINES, default 1000000)
#   --warmup N        unmeasured runs per side before the first measured one (WARMUP, default 1)
#   --converters L    space-separated, of: string json (CONVERTERS, default "string json")
#   --apache-only     run only Apache Kafka Connect; --kanal-only: only Kanal (no ratio then)
#   --connect-jars    Kanal runs Apache's connectors too, not its own file plugin: its plugin.path holds only Apache's
#                     connect-file jar (the very jar of the Apache side), served through the Connect bridge (the layer
#                     connect-bridge/target/layer, built here, named by kanal.connect.bridge.path) (CONNECT_JARS=1)
#   --timeout S       give up on a run after S seconds (TIMEOUT, default 600)
#   --keep-output     keep each run's output file (they are deleted once checked)
#   --startup         instead of the workload: launch -> GET / answers 200, Apache (also with
#                     plugin.discovery=service_load) against Kanal's tarball (also with an AppCDS archive), medians of
#                     alternating rounds (see compare-connect-rest.sh)
#   --rest-latency    instead of the workload: Kanal's GET /connectors/{c}/status at 1,000 requests/s for 30 s while
#                     10 connectors run, open loop, percentiles per round (see compare-connect-rest.sh)
# Fixed, the same on both sides: batch.size=2000 (Connect's default), offset.flush.interval.ms=10000 (the value of
# Apache's config/connect-standalone.properties), 6 partitions, one task per connector. Each run's files stay in
# benchmarks/target/compare-connect/run-*.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/compare-connect"
rounds="${ROUNDS:-3}"
lines="${LINES:-1000000}"
warmup="${WARMUP:-1}"
converters="${CONVERTERS:-string json}"
timeout_s="${TIMEOUT:-600}"
sides="apache kanal"
keep_output=""
connect_jars="${CONNECT_JARS:-}"
mode=throughput
partitions=6
batch_size=2000
flush_ms=10000
poll_s=0.05

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --lines) lines="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --converters) converters="$2"; shift 2 ;;
        --timeout) timeout_s="$2"; shift 2 ;;
        --apache-only) sides="apache"; shift ;;
        --kanal-only) sides="kanal"; shift ;;
        --keep-output) keep_output=1; shift ;;
        --connect-jars) connect_jars=1; shift ;;
        --startup) mode=startup; shift ;;
        --rest-latency) mode=rest-latency; sides="kanal"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
for c in $converters; do
    [[ "$c" == string || "$c" == json ]] || { echo "unknown converter $c (string, json)" >&2; exit 2; }
done
# shellcheck source=compare-lib.sh
source "$root/benchmarks/compare-lib.sh"

# --- 1. Class paths.
kanal_classpath
if [[ " $sides " == *" kanal "* && -z "$connect_jars" ]]; then
    # The file plugin is a plugin.path entry, not on the launcher's class path: build it now, outside the measured runs.
    [[ -f "$root/plugins/file/pom.xml" ]] || { echo "Kanal's file plugin (plugins/file) is missing" >&2; exit 1; }
    kanal_plugin_path="$root/plugins/file/target/plugin"
    if [[ ! -d "$kanal_plugin_path" || -n "$(find "$root/plugins/file/src/main" "$root/plugins/file/pom.xml" \
        -newer "$kanal_plugin_path" -print -quit)" ]]; then
        echo "building the file plugin (mvn package -pl plugins/file -am) ..." >&2
        (cd "$root" && mvn -B -q -o -DskipTests -Dspotless.check.skip=true package -pl plugins/file -am) >&2
        touch "$kanal_plugin_path"
    fi
elif [[ " $sides " == *" kanal "* ]]; then
    # Apache's connectors through the Connect bridge: the bridge's layer directory (Apache's connect-api and
    # kafka-clients with the bridge's jar), which the launcher in the source tree does not find under kanal.home (only a
    # distribution has libs/connect-bridge): the worker config names it. Built now, outside the measured runs.
    bridge_layer="$root/connect-bridge/target/layer"
    if [[ ! -d "$bridge_layer" || -n "$(find "$root/connect-bridge/src/main" "$root/connect-bridge/pom.xml" \
        "$root/runtime/src/main/java/io/kanal/runtime/isolation/spi" -newer "$bridge_layer" -print -quit)" ]]; then
        echo "building the Connect bridge layer (mvn package -pl connect-bridge -am) ..." >&2
        (cd "$root" && mvn -B -q -o -DskipTests -Dspotless.check.skip=true package -pl connect-bridge -am) >&2
        touch "$bridge_layer"
    fi
fi
# The topics are made with Apache's TopicCommand (kafka-tools and its own kafka-clients, as compare-producer.sh).
baseline_pom connect-topics TopicCommand
tools_cp="$(baseline_classpath "$work/baseline-pom.xml")"
apache_connect
# Since Kafka 3.2 the file connectors are not on the worker's class path; the quickstart puts connect-file on
# plugin.path. Do the same.
apache_plugin connect-file connect-file
if [[ -n "$connect_jars" ]]; then
    # Kanal's plugin.path: Apache's connect-file jar alone, as a user drops it in (the bridge's layer brings
    # kafka-clients $connect_file_version, which the jar links against).
    kanal_plugin_path="$work/kanal-connect-plugins"
    rm -rf "$kanal_plugin_path"
    mkdir -p "$kanal_plugin_path"
    cp "$apache_plugin_path/connect-file/connect-file-$connect_file_version.jar" "$kanal_plugin_path/"
fi
write_log4j_config
# Kanal runs with its launcher's defaults (KANAL_OPTS, if set, passes through), plus INFO for the ready line.
kanal_opts="${KANAL_OPTS:-} -Dkanal.log.worker.level=info"

rm -rf "$work"/run-*

# --- 2. The input: N distinct lines of 100 B, sorted (so that a sorted copy of the output compares byte for byte).
input="$work/input-$lines.txt"
if [[ "$mode" == throughput && ! -s "$input" ]]; then
    awk -v n="$lines" 'BEGIN {
        a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"; a = a a a
        for (i = 0; i < n; i++) printf "%010d %s\n", i, substr(a, i % 62 + 1, 89)
    }' >"$input.tmp"
    mv "$input.tmp" "$input"
fi
input_bytes="$(stat -c %s "$input" 2>/dev/null || echo 0)"

# --- 3. One broker. If the script stops in the middle of a run, that run's worker goes with the broker.
start_broker compare-connect
worker_pid_file="$work/worker.pid"
rm -f "$worker_pid_file"
trap 'if [[ -s "$worker_pid_file" ]]; then kill -KILL "$(cat "$worker_pid_file")" 2>/dev/null || true; fi
    kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true' EXIT
kanal_connectors="its own file plugin"
[[ -z "$connect_jars" ]] || kanal_connectors="Apache's connect-file $connect_file_version through the Connect bridge"
echo "broker: $bootstrap (Kafka $kafka_version); Apache: connect-runtime $kafka_version, connect-file" \
    "$connect_file_version; $lines x 100 B, $partitions partitions; sides: $sides; $rounds rounds, $warmup warm-up;" \
    "Kanal's connectors: $kanal_connectors" >&2

if [[ "$mode" != throughput ]]; then
    # shellcheck source=compare-connect-rest.sh
    source "$root/benchmarks/compare-connect-rest.sh"
    [[ " $sides " != *" kanal "* ]] || kanal_distribution
    if [[ "$mode" == startup ]]; then run_startup; else run_rest_latency; fi
    exit 0
fi

# --- 4. Runs.
# write_configs DIR SIDE CONVERTER TOPIC NAME_SUFFIX: the worker and connector files of one run. Connector names are
# fresh per run, so every sink starts in a fresh consumer group (connect-<name>).
write_configs() {
    local dir="$1" side="$2" conv="$3" topic="$4" suffix="$5"
    {
        echo "bootstrap.servers=$bootstrap"
        if [[ "$conv" == json ]]; then
            echo "key.converter=org.apache.kafka.connect.json.JsonConverter"
            echo "value.converter=org.apache.kafka.connect.json.JsonConverter"
            echo "key.converter.schemas.enable=true"
            echo "value.converter.schemas.enable=true"
        else
            echo "key.converter=org.apache.kafka.connect.storage.StringConverter"
            echo "value.converter=org.apache.kafka.connect.storage.StringConverter"
        fi
        echo "offset.storage.file.filename=$dir/offsets"
        echo "offset.flush.interval.ms=$flush_ms"
        if [[ "$side" == apache ]]; then
            echo "plugin.path=$apache_plugin_path"
            # Any free port: a worker left over elsewhere on 8083 must not stop this one.
            echo "listeners=http://127.0.0.1:0"
        else
            echo "plugin.path=$kanal_plugin_path"
            echo "kanal.config.storage.file.filename=$dir/configs.json"
            [[ -z "$connect_jars" ]] || echo "kanal.connect.bridge.path=$bridge_layer"
        fi
    } >"$dir/worker.properties"
    cat >"$dir/source.properties" <<EOF
name=file-source-$suffix
connector.class=org.apache.kafka.connect.file.FileStreamSourceConnector
tasks.max=1
file=$input
topic=$topic
batch.size=$batch_size
EOF
    cat >"$dir/sink.properties" <<EOF
name=file-sink-$suffix
connector.class=org.apache.kafka.connect.file.FileStreamSinkConnector
tasks.max=1
file=$dir/output.txt
topics=$topic
EOF
}

# run ID SIDE CONVERTER -> prints "seconds lines_per_s cpu_s peak_rss_mib ready_s", or "fail" (runs in a subshell).
run() {
    local id="$1" side="$2" conv="$3"
    local dir="$work/run-$id-$side-$conv"
    rm -rf "$dir"
    mkdir -p "$dir"
    local topic="compare-connect-$id-$side-$conv"
    create_topic "$topic" "$partitions" "$dir/create-topic.out" || { echo fail; return; }
    write_configs "$dir" "$side" "$conv" "$topic" "$id"
    local out="$dir/output.txt" log="$dir/worker.log" ready_text ready_count
    # Write back the page cache earlier runs left dirty, or kernel write-back competes with this run for the 2 cores.
    sync
    local t0="$EPOCHREALTIME" pid
    if [[ "$side" == apache ]]; then
        ready_text="Created connector" ready_count=2
        java "${apache_jvm_opts[@]}" -cp "$connect_cp" org.apache.kafka.connect.cli.ConnectStandalone \
            "$dir/worker.properties" "$dir/source.properties" "$dir/sink.properties" >"$log" 2>&1 &
        pid=$!
    else
        ready_text="Kanal worker ready" ready_count=1
        KANAL_OPTS="$kanal_opts" KANAL_MVN_LOCK_HELD=1 "$root/kanal" standalone \
            "$dir/worker.properties" "$dir/source.properties" "$dir/sink.properties" >"$log" 2>&1 &
        pid=$!
    fi
    echo "$pid" >"$worker_pid_file"
    local t_ready="" t_started="" t_done="" now size count deadline
    deadline="$(awk -v t="$t0" -v s="$timeout_s" 'BEGIN {printf "%d", t + s}')"
    while :; do
        now="$EPOCHREALTIME"
        if [[ -z "$t_started" && "$side" == apache ]] && grep -q -F "Kafka Connect started" "$log"; then
            t_started="$now"
        fi
        if [[ -z "$t_ready" ]] && (($(grep -c -F "$ready_text" "$log" || true) >= ready_count)); then
            t_ready="$now"
        fi
        # Counting lines is cheap only once: wait until the output is as large as the input first.
        size="$(stat -c %s "$out" 2>/dev/null || echo 0)"
        if ((size >= input_bytes)); then
            count="$(wc -l <"$out")"
            if ((count >= lines)); then
                t_done="$now"
                break
            fi
        fi
        if ! alive "$pid"; then
            echo "  $side $conv run $id: the worker exited before the last line; see $log" >&2
            tail -n 30 "$log" >&2
            wait "$pid" 2>/dev/null || true
            rm -f "$worker_pid_file"
            echo fail
            return
        fi
        if ((${now%.*} >= deadline)); then
            echo "  $side $conv run $id: no $lines lines after ${timeout_s}s (size $size B); see $log" >&2
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            rm -f "$worker_pid_file"
            echo fail
            return
        fi
        sleep "$poll_s"
    done
    local jvm cpu rss_kb
    jvm="$(java_pid "$pid" || echo "$pid")"
    [[ "$jvm" == "$pid" ]] || echo "  note: measuring java pid $jvm, a child of the launched pid $pid" >&2
    [[ "$(cat "/proc/$jvm/comm")" == java ]] || echo "  warning: pid $jvm is $(cat "/proc/$jvm/comm"), not java" >&2
    cpu="$(cpu_seconds "$jvm")"
    rss_kb="$(awk '/^VmHWM:/ {print $2}' "/proc/$jvm/status")"
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while alive "$pid" && ((waited < 600)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if alive "$pid"; then
        echo "  $side $conv run $id: still running 60 s after SIGTERM, killed" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    rm -f "$worker_pid_file"
    # A ready line that came after the last poll came before the last line.
    if [[ -z "$t_ready" ]] && (($(grep -c -F "$ready_text" "$log" || true) >= ready_count)); then
        t_ready="$t_done"
    fi
    # Every input line must be in the output; more lines than input are duplicates.
    local total check
    total="$(wc -l <"$out")"
    if LC_ALL=C sort -u -S 256M "$out" | cmp -s - "$input"; then
        check="all $lines lines, $((total - lines)) duplicates"
    else
        check="OUTPUT DIFFERS from the input ($total lines)"
    fi
    [[ -n "$keep_output" ]] || rm -f "$out"
    local secs lps ready_s rss_mib
    secs="$(elapsed "$t0" "$t_done")"
    lps="$(awk -v n="$lines" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')"
    ready_s="$([[ -n "$t_ready" ]] && elapsed "$t0" "$t_ready" || echo -1)"
    rss_mib="$(awk -v k="$rss_kb" 'BEGIN {printf "%.0f", k / 1024}')"
    echo "  $side $conv run $id: ${secs}s, $lps lines/s, cpu ${cpu}s, peak RSS ${rss_mib} MiB, ready ${ready_s}s" \
        "${t_started:+(Kafka Connect started $(elapsed "$t0" "$t_started")s) }- $check" >&2
    echo "$secs $lps $cpu $rss_mib $ready_s"
}

run_id=0
result=""
# measure SIDE CONVERTER: one run; sets result, or stops the benchmark if the run failed.
measure() {
    run_id=$((run_id + 1))
    result="$(run "$run_id" "$1" "$2")"
    if [[ "$result" == fail || -z "$result" ]]; then
        echo "run $run_id ($1 $2) failed" >&2
        exit 1
    fi
}

# A fresh broker and cold page cache slow the first runs down: unmeasured runs of each side first.
first_converter="${converters%% *}"
for _ in $(seq 1 "$warmup"); do
    for side in $sides; do
        echo "warm-up:" >&2
        measure "$side" "$first_converter"
    done
done

declare -A med
for conv in $converters; do
    declare -A samples=()
    for _ in $(seq 1 "$rounds"); do
        for side in $sides; do
            measure "$side" "$conv"
            read -r s l c r y <<<"$result"
            samples[$side.s]+="$s " samples[$side.l]+="$l " samples[$side.c]+="$c " samples[$side.r]+="$r "
            samples[$side.y]+="$y "
        done
    done
    for side in $sides; do
        for m in s l c r y; do
            # shellcheck disable=SC2086 # word splitting wanted: one sample per line
            med[$conv.$side.$m]="$(printf '%s\n' ${samples[$side.$m]} | median)"
        done
    done
    unset samples
done

printf '%-10s %-8s %10s %10s %8s %14s %9s\n' converter side seconds "lines/s" "cpu s" "peak RSS MiB" "ready s"
lowest=""
for conv in $converters; do
    for side in $sides; do
        printf '%-10s %-8s %10.2f %10.0f %8.2f %14.0f %9.2f\n' "$conv" "$side" "${med[$conv.$side.s]}" \
            "${med[$conv.$side.l]}" "${med[$conv.$side.c]}" "${med[$conv.$side.r]}" "${med[$conv.$side.y]}"
    done
    if [[ "$sides" == "apache kanal" ]]; then
        ratios=()
        for m in s l c r y; do
            ratios+=("$(awk -v k="${med[$conv.kanal.$m]}" -v a="${med[$conv.apache.$m]}" \
                'BEGIN {if (a > 0 && k >= 0) printf "%.2f", k / a; else print "-"}')")
        done
        printf '%-10s %-8s %10s %10s %8s %14s %9s\n' "$conv" ratio "${ratios[@]}"
        if [[ -z "$lowest" ]] || awk -v r="${ratios[1]}" -v l="$lowest" 'BEGIN {exit !(r < l)}'; then
            lowest="${ratios[1]}"
        fi
    fi
done
echo "(medians of $rounds runs each, $lines x 100 B; seconds = launch to the last line in the sink's file;"
echo " cpu = user+sys seconds of the worker JVM; ready = launch to every connector in; ratio = kanal/apache)"
echo "connect ratio: ${lowest:-n/a}"
