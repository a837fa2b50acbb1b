#!/usr/bin/env bash
# Failover and join of a distributed Connect cluster on one local broker: Apache Kafka Connect distributed
# (org.apache.kafka.connect.cli.ConnectDistributed from connect-runtime on Maven Central, a benchmark-only class path,
# the JVM options of connect-distributed.sh) against `kanal distributed`, sides alternating between rounds.
#
# Per round and side: three worker processes in a fresh group (fresh internal topics), each with its defaults apart
# from what a local test needs (replication factor 1 for the internal topics, a REST port per worker, the advertised
# host 127.0.0.1, StringConverter, plugin.path). Then C source connectors x T tasks are made through REST (PUT
# /connectors/<name>/config on worker 1), each task writing 1 record/s into one shared topic: on Apache
# org.apache.kafka.connect.tools.VerifiableSourceConnector (connect-test-plugins, throughput=1; MockSourceConnector's
# tasks spin in poll), on Kanal the datagen plugin (rate.per.task=1, schema=string). Once every connector and task is
# RUNNING and the tasks are balanced over the three workers:
#   failover (default, 20 x 3): worker 3, a follower, gets SIGKILL (worker 1 starts alone and the connectors are
#            made on it before workers 2 and 3 start, so it is the group's leader); the figure is the time until
#            every connector and task is RUNNING on the two survivors. With --kill leader, worker 1 is killed.
#   --join   (100 x 4): a fourth worker is launched; the figure is the time from its launch until every connector
#            and task is RUNNING and the tasks are balanced over the four workers (task counts differ by at most one).
# Both poll GET /connectors?expand=status on a survivor (worker 1, or 2) every 100 ms (connect-status-wait.py, monotonic
# clock). A killed worker's last status stays RUNNING in the status topic, so a task counts only on a live worker.
# Apache holds a lost worker's connectors and tasks unassigned for scheduled.rebalance.max.delay.ms (default 5 minutes)
# in case it comes back: its wait is capped (--cap) and a capped figure is reported as '>CAP'. (A round in which the
# killed worker happened to be Apache's leader took 12 s: a new leader handed the work out at once. Hence the fixed
# roles.)
# Also per round: setup seconds (launch of the workers to all RUNNING and balanced) and user+sys CPU seconds of the
# worker JVMs (/proc): during the measured wait (the survivors, or all four) and in all (launch to the end, the killed
# worker up to its kill). The workers are killed after each round.
#
# Run it holding the Maven lock, so that no build skews the numbers:
#   flock /tmp/kanal-mvn.lock benchmarks/compare-failover.sh
#   flock /tmp/kanal-mvn.lock benchmarks/compare-failover.sh --apache-only --rounds 1
#   flock /tmp/kanal-mvn.lock benchmarks/compare-failover.sh --join
# Options (environment variables in brackets):
#   --rounds N        measured rounds per side (ROUNDS, default 3)
#   --apache-only     run only Apache Kafka Connect; --kanal-only: only Kanal
#   --join            measure a fourth worker joining instead of a worker dying
#   --kill ROLE       follower (default) or leader: which worker the failover kills (KILL)
#   --connectors N    connectors (CONNECTORS, default 20, with --join 100)
#   --tasks N         tasks.max of each connector (TASKS, default 3, with --join 4)
#   --cap S           give up the measured wait after S seconds and report '>S' (CAP, default 360)
#   --timeout S       give up a round's setup after S seconds (TIMEOUT, default 600)
# The last line is `failover seconds: kanal <median> apache <median>` (with --join: `join seconds: ...`), n/a for a
# side not run. Each round's worker logs stay in benchmarks/target/compare-failover/round-*.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/compare-failover"
rounds="${ROUNDS:-3}"
cap="${CAP:-360}"
timeout_s="${TIMEOUT:-600}"
connectors="${CONNECTORS:-}"
tasks="${TASKS:-}"
sides="apache kanal"
mode=failover
kill_role="${KILL:-follower}"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --apache-only) sides="apache"; shift ;;
        --kanal-only) sides="kanal"; shift ;;
        --join) mode="join"; shift ;;
        --kill) kill_role="$2"; shift 2 ;;
        --connectors) connectors="$2"; shift 2 ;;
        --tasks) tasks="$2"; shift 2 ;;
        --cap) cap="$2"; shift 2 ;;
        --timeout) timeout_s="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ "$kill_role" == follower || "$kill_role" == leader ]] || { echo "--kill follower|leader" >&2; exit 2; }
if [[ "$mode" == join ]]; then
    connectors="${connectors:-100}" tasks="${tasks:-4}"
else
    connectors="${connectors:-20}" tasks="${tasks:-3}"
fi
# shellcheck source=compare-lib.sh
source "$root/benchmarks/compare-lib.sh"
wait_status=(python3 "$root/benchmarks/connect-status-wait.py")

# --- 1. Class paths: Kanal (its launcher builds the datagen plugin too), kafka-tools for the topic, Apache Connect
# with connect-test-plugins on its class path: Connect loads org.apache.kafka.connect.tools classes from the class path
# only (they are not isolated plugins; a plugin.path copy is listed, but not found). VerifiableSourceTask throttles
# with kafka-server-common's ThroughputThrottler, which Kafka's distribution has in libs/ but connect-runtime does not
# depend on.
kanal_classpath
kanal_plugin_path="$root/plugins/datagen/target/plugin"
[[ -d "$kanal_plugin_path" ]] || { echo "Kanal's datagen plugin is not built ($kanal_plugin_path)" >&2; exit 1; }
baseline_pom failover-topics TopicCommand
tools_cp="$(baseline_classpath "$work/baseline-pom.xml")"
write_log4j_config
apache_connect
apache_jars "$work/apache-test-plugins" connect-test-plugins kafka-server-common
for jar in connect-test-plugins kafka-server-common kafka-clients; do
    connect_cp="$connect_cp:$work/apache-test-plugins/$jar-$connect_file_version.jar"
done
rm -rf "$work"/round-*

# --- 2. One broker and the topic every task writes to. If the script stops in the middle of a round, that round's
# workers go with the broker.
start_broker compare-failover
worker_pids=()
trap 'for p in "${worker_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true' EXIT
data_topic=failover-data
create_topic "$data_topic" 6 "$work/create-topic.out"
echo "broker: $bootstrap (Kafka $kafka_version); Apache: connect-runtime $kafka_version, connect-test-plugins" \
    "$connect_file_version; $mode, $connectors connectors x $tasks tasks; sides: $sides; $rounds rounds;" \
    "cap ${cap}s" >&2

# --- 3. Rounds.

# mono -> time.monotonic(), the clock connect-status-wait.py measures with; read just before the measured event.
mono() { python3 -c 'import time; print(time.monotonic())'; }

# worker_config DIR SIDE GROUP PORT: DIR/worker-PORT.properties.
worker_config() {
    local dir="$1" side="$2" group="$3" port="$4"
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
        echo "listeners=http://127.0.0.1:$port"
        echo "rest.advertised.host.name=127.0.0.1"
        echo "rest.advertised.port=$port"
        if [[ "$side" == apache ]]; then
            echo "plugin.path=$apache_plugin_path"
        else
            echo "plugin.path=$kanal_plugin_path"
        fi
    } >"$dir/worker-$port.properties"
}

# launch_worker DIR SIDE PORT: starts a worker in the background; appends its pid to worker_pids (both launch
# commands exec java, so it is the JVM's pid).
launch_worker() {
    local dir="$1" side="$2" port="$3"
    if [[ "$side" == apache ]]; then
        java "${apache_jvm_opts[@]}" -cp "$connect_cp" org.apache.kafka.connect.cli.ConnectDistributed \
            "$dir/worker-$port.properties" >"$dir/worker-$port.log" 2>&1 &
    else
        KANAL_MVN_LOCK_HELD=1 "$root/kanal" distributed "$dir/worker-$port.properties" >"$dir/worker-$port.log" 2>&1 &
    fi
    worker_pids+=("$!")
}

# connector_json SIDE NAME -> the connector's config as JSON.
connector_json() {
    local common="\"tasks.max\":\"$tasks\",\"topic\":\"$data_topic\""
    if [[ "$1" == apache ]]; then
        echo "{\"connector.class\":\"org.apache.kafka.connect.tools.VerifiableSourceConnector\",$common," \
            "\"throughput\":\"1\"}"
    else
        echo "{\"connector.class\":\"io.kanal.plugins.datagen.DatagenConnector\",$common," \
            "\"rate.per.task\":\"1\",\"schema\":\"string\"}"
    fi
}

# create_connectors DIR SIDE URL DEADLINE: PUT /connectors/<name>/config for each connector, retried (a worker
# answers 409 while it rebalances, and refuses connections before its REST server is up) until DEADLINE (epoch s).
create_connectors() {
    local dir="$1" side="$2" url="$3" deadline="$4" i name code
    for i in $(seq 1 "$connectors"); do
        name="$(printf 'failover-%03d' "$i")"
        while :; do
            code="$(curl -s -o "$dir/put.out" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
                --data "$(connector_json "$side")" "$url/connectors/$name/config" || true)"
            [[ "$code" == 200 || "$code" == 201 ]] && break
            if ((${EPOCHREALTIME%.*} >= deadline)); then
                echo "  PUT $name: HTTP $code $(cat "$dir/put.out" 2>/dev/null)" >&2
                return 1
            fi
            sleep 0.5
        done
    done
}

# cpu_sum PID... -> the sum of their cpu_seconds (a pid that is gone counts 0).
cpu_sum() {
    local p total=0
    for p in "$@"; do
        total="$(awk -v t="$total" -v c="$(cpu_seconds "$p" 2>/dev/null || echo 0)" 'BEGIN {printf "%.2f", t + c}')"
    done
    echo "$total"
}

# round ID SIDE: one round; sets result to "seconds setup_s cpu_wait_s cpu_all_s up_s" (up_s: --join only, worker 4's
# launch to its first REST answer, -1 if none; 0 on failover), or returns 1.
round() {
    local id="$1" side="$2"
    local dir="$work/round-$id-$side" group="failover-$id-$side"
    rm -rf "$dir"
    mkdir -p "$dir"
    local ports=() port i
    for i in 1 2 3 4; do
        port="$(free_port)"
        ports+=("$port")
        worker_config "$dir" "$side" "$group" "$port"
    done
    local url="http://127.0.0.1:${ports[0]}" deadline t_launch
    deadline="$((${EPOCHREALTIME%.*} + timeout_s))"
    worker_pids=()
    t_launch="$EPOCHREALTIME"
    # Worker 1 alone first: its first accepted PUT shows it joined the group as its only member, so the broker's
    # coordinator made it the leader, and it stays the leader while it lives. Then workers 2 and 3 join.
    launch_worker "$dir" "$side" "${ports[0]}"
    if ! create_connectors "$dir" "$side" "$url" "$deadline"; then
        echo "  $side round $id: connectors not created; see $dir" >&2
        return 1
    fi
    for i in 1 2; do
        launch_worker "$dir" "$side" "${ports[$i]}"
    done
    local setup
    setup="$("${wait_status[@]}" "$url" --connectors "$connectors" --tasks "$tasks" --workers 3 \
        --cap "$((deadline - ${EPOCHREALTIME%.*}))" --progress "$dir/setup-progress.txt")"
    if [[ "$setup" == ">"* ]]; then
        echo "  $side round $id: not all RUNNING and balanced on 3 workers in ${timeout_s}s:" \
            "$(cat "$dir/setup-progress.txt")" >&2
        return 1
    fi
    setup="$(elapsed "$t_launch" "$EPOCHREALTIME")"
    local cpu_before cpu_victim=0 t0 secs up=0 cpu_after cpu_wait cpu_all
    if [[ "$mode" == failover ]]; then
        # The victim: worker 3, a follower, watched from worker 1; or with --kill leader worker 1, watched from 2.
        local v=2 watch=0
        [[ "$kill_role" == follower ]] || v=0 watch=1
        local victim="${worker_pids[$v]}" survivors=()
        for i in 0 1 2; do ((i == v)) || survivors+=("${worker_pids[$i]}"); done
        cpu_before="$(cpu_sum "${survivors[@]}")"
        cpu_victim="$(cpu_sum "$victim")"
        t0="$(mono)"
        kill -KILL "$victim"
        secs="$("${wait_status[@]}" "http://127.0.0.1:${ports[$watch]}" --connectors "$connectors" --tasks "$tasks" \
            --t0 "$t0" --cap "$cap" --exclude "127.0.0.1:${ports[$v]}" --progress "$dir/wait-progress.txt")"
        wait "$victim" 2>/dev/null || true
        cpu_after="$(cpu_sum "${survivors[@]}")"
    else
        cpu_before="$(cpu_sum "${worker_pids[@]}")"
        t0="$(mono)"
        launch_worker "$dir" "$side" "${ports[3]}"
        read -r secs up <<<"$("${wait_status[@]}" "$url" --connectors "$connectors" --tasks "$tasks" --t0 "$t0" \
            --cap "$cap" --workers 4 --note-up "http://127.0.0.1:${ports[3]}" --progress "$dir/wait-progress.txt")"
        cpu_after="$(cpu_sum "${worker_pids[@]}")"
    fi
    cpu_wait="$(awk -v a="$cpu_after" -v b="$cpu_before" 'BEGIN {printf "%.2f", a - b}')"
    cpu_all="$(awk -v a="$cpu_after" -v v="$cpu_victim" 'BEGIN {printf "%.2f", a + v}')"
    # The figures are taken: no graceful stop needed, and the next round uses a fresh group.
    local p
    for p in "${worker_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    for p in "${worker_pids[@]}"; do wait "$p" 2>/dev/null || true; done
    worker_pids=()
    local joined=""
    [[ "$mode" == failover ]] || joined="worker 4 answered REST after ${up}s; "
    echo "  $side round $id: $mode ${secs}s (${joined}setup ${setup}s; worker cpu ${cpu_wait}s during the wait," \
        "${cpu_all}s in all) - $(cat "$dir/wait-progress.txt")" >&2
    result="$secs $setup $cpu_wait $cpu_all $up"
}

# Reads figures, one per line, some of them '>CAP'; prints their median, '>CAP' when it falls on a capped figure.
median_capped() {
    sed 's/^>\(.*\)/\1 >/' | sort -n -k 1,1 | awk '{v[NR] = $1; c[NR] = ($2 == ">")}
        END {
            if (NR == 0) { print "n/a"; exit }
            lo = int((NR + 1) / 2); hi = int(NR / 2) + 1
            if (c[lo] || c[hi]) print ">" v[hi]; else printf "%.3f\n", (v[lo] + v[hi]) / 2
        }'
}

declare -A samples=()
run_id=0
for r in $(seq 1 "$rounds"); do
    # Alternate which side goes first: A K, K A, A K, ...
    order="$sides"
    if ((r % 2 == 0)) && [[ "$sides" == "apache kanal" ]]; then order="kanal apache"; fi
    for side in $order; do
        run_id=$((run_id + 1))
        round "$run_id" "$side" || { echo "round $run_id ($side) failed" >&2; exit 1; }
        read -r s u w a j <<<"$result"
        samples[$side.s]+="$s " samples[$side.u]+="$u " samples[$side.w]+="$w " samples[$side.a]+="$a "
        samples[$side.j]+="$j "
    done
done

# With --join one more column: worker 4's launch to its first REST answer.
head='%-8s %12s %10s %14s %12s' row='%-8s %12s %10.2f %14.2f %12.2f' extra=()
if [[ "$mode" == join ]]; then head+=' %16s' row+=' %16.3f' extra=("worker 4 up s"); fi
# shellcheck disable=SC2059 # the formats are built above
printf "$head\n" side "$mode s" "setup s" "cpu wait s" "cpu all s" "${extra[@]}"
declare -A med=([apache]=n/a [kanal]=n/a)
for side in $sides; do
    # shellcheck disable=SC2086 # word splitting wanted: one sample per line
    med[$side]="$(printf '%s\n' ${samples[$side.s]} | median_capped)"
    extra=()
    # shellcheck disable=SC2086
    [[ "$mode" != join ]] || extra=("$(printf '%s\n' ${samples[$side.j]} | median)")
    # shellcheck disable=SC2059,SC2086
    printf "$row\n" "$side" "${med[$side]}" \
        "$(printf '%s\n' ${samples[$side.u]} | median)" "$(printf '%s\n' ${samples[$side.w]} | median)" \
        "$(printf '%s\n' ${samples[$side.a]} | median)" "${extra[@]}"
done
echo "(medians of $rounds rounds; $connectors connectors x $tasks tasks on 3 workers; $mode s = $(
    [[ "$mode" == failover ]] && echo "SIGKILL of the $kill_role to all RUNNING on the survivors" ||
        echo "launch of worker 4 to all RUNNING and balanced on 4"); cap ${cap}s)"
echo "$mode seconds: kanal ${med[kanal]} apache ${med[apache]}"
