#!/usr/bin/env bash
# Side-by-side consumer comparison on one local broker: Apache Kafka's ConsumerPerformance (kafka-tools, resolved into
# a benchmark-only class path, group.protocol=consumer) against `kanal perf consume`. One 6-partition topic is filled
# with 2M x 100 B records, then the two tools run alternately (A B A B ...), each run in a fresh group reading the
# whole topic, with identical JVM options. Prints the median records/s with and without the group join, CPU seconds
# of the client process, join time and the ratios; the last line is `consumer ratio: <kanal/apache records/s>`
# (fetch-only records/s, i.e. without the group join, the figure both tools print as fetch.nMsg.sec).
#
# Run it holding the Maven lock, so that no build skews the numbers:
#   flock /tmp/kanal-mvn.lock benchmarks/compare-consumer.sh
# Environment: ROUNDS (default 3), PARTITIONS (default 6), RECORDS (default 2000000), SIZE (default 100), SECURITY
# (PLAINTEXT by default; SSL runs both sides, and the fill, over TLS to a TLS listener).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/compare-consumer${SECURITY:+-${SECURITY,,}}"
rounds="${ROUNDS:-3}"
partitions="${PARTITIONS:-6}"
records="${RECORDS:-2000000}"
size="${SIZE:-100}"
# shellcheck source=compare-lib.sh
source "$root/benchmarks/compare-lib.sh"

# --- 1. Class paths. The Apache side runs kafka-tools on the project's kafka-clients, the consumer under comparison.
kanal_classpath
baseline_pom consumer-baseline ConsumerPerformance "$kafka_version"
# kafka-clients 4.4 moved some utilities kafka-tools 4.3.1 calls (Exit, KafkaThread ...) out of the jar: kafka-clients
# $tools_version goes at the very end of the class path, so it only supplies classes that the project's
# kafka-clients $kafka_version no longer has; the consumer under test and everything else load from $kafka_version.
mvn -B -q dependency:get -Dartifact="org.apache.kafka:kafka-clients:$tools_version" -Dtransitive=false >&2
old_clients="$HOME/.m2/repository/org/apache/kafka/kafka-clients/$tools_version/kafka-clients-$tools_version.jar"
baseline_cp="$(baseline_classpath "$work/baseline-pom.xml"):$old_clients"
write_log4j_config
# Both tools read the same settings file; Kanal's consumer speaks only the consumer protocol anyway.
printf 'group.protocol=consumer\n' >"$work/consumer.properties"

# --- 2. One broker.
start_broker compare-consumer
cat "$client_config" >>"$work/consumer.properties"
echo "broker: $bootstrap ${SECURITY:-PLAINTEXT} (Kafka $kafka_version); Apache side: kafka-clients $kafka_version driven by kafka-tools" \
    "$tools_version; $records x ${size} B on $partitions partitions; $rounds rounds per side" >&2

# --- 3. The data, written once by Apache's producer tool.
topic="compare-consumer"
java -cp "$baseline_cp" -Dlog4j2.configurationFile="$work/log4j2.yaml" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$bootstrap" --command-config "$client_config" --create --topic "$topic" \
    --partitions "$partitions" --replication-factor 1 >/dev/null
java "${jvm_opts[@]}" -Dlog4j2.configurationFile="$work/log4j2.yaml" -cp "$baseline_cp" \
    org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$records" --record-size "$size" \
    --throughput -1 --producer.config "$client_config" --producer-props "bootstrap.servers=$bootstrap" acks=1 linger.ms=5 batch.size=65536 \
    >"$work/fill.out" 2>&1
echo "filled: $(grep 'records sent,' "$work/fill.out" | tail -n 1)" >&2

# --- 4. Runs. run SIDE -> prints "records_per_sec fetch_records_per_sec join_ms cpu_seconds"
run() {
    local side="$1" run_id="$2"
    local group="compare-$side-$run_id-$RANDOM"
    local flags=(--bootstrap-server "$bootstrap" --topic "$topic" --num-records "$records" --group "$group"
        --consumer.config "$work/consumer.properties" --timeout 30000)
    local cp main
    if [[ "$side" == apache ]]; then
        cp="$baseline_cp"
        main=(org.apache.kafka.tools.ConsumerPerformance)
    else
        cp="$kanal_cp"
        main=(io.kanal.cli.Kanal perf consume)
    fi
    local out="$work/run-$run_id-$side.out"
    # Write back the page cache the fill left dirty, so that kernel write-back does not compete with the measured run.
    sync
    /usr/bin/time -f 'cpu %U %S' -o "$out.time" java "${jvm_opts[@]}" -Dlog4j2.configurationFile="$work/log4j2.yaml" \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "${main[@]}" "${flags[@]}" >"$out" 2>"$out.err"
    local summary
    summary="$(grep -E '^[0-9]{4}-' "$out" | tail -n 1)"
    local cpu
    cpu="$(awk '/^cpu/ {printf "%.2f", $2 + $3}' "$out.time")"
    echo "  $side run $run_id: $summary [cpu ${cpu}s]" >&2
    # Fields: start, end, MB, MB/s, records, records/s, join ms, fetch ms, fetch MB/s, fetch records/s.
    awk -F', ' -v cpu="$cpu" '{print $6, $10, $7, cpu}' <<<"$summary"
}

a_rps=() a_fetch=() a_join=() a_cpu=() k_rps=() k_fetch=() k_join=() k_cpu=()
round=0
for _ in $(seq 1 "$rounds"); do
    round=$((round + 1))
    read -r r f j c < <(run apache "$round")
    a_rps+=("$r") a_fetch+=("$f") a_join+=("$j") a_cpu+=("$c")
    read -r r f j c < <(run kanal "$round")
    k_rps+=("$r") k_fetch+=("$f") k_join+=("$j") k_cpu+=("$c")
done
m() { printf '%s\n' "$@" | median; }
ar="$(m "${a_rps[@]}")" af="$(m "${a_fetch[@]}")" aj="$(m "${a_join[@]}")" ac="$(m "${a_cpu[@]}")"
kr="$(m "${k_rps[@]}")" kf="$(m "${k_fetch[@]}")" kj="$(m "${k_join[@]}")" kc="$(m "${k_cpu[@]}")"
ratio_total="$(awk -v k="$kr" -v a="$ar" 'BEGIN {printf "%.2f", k / a}')"
ratio_fetch="$(awk -v k="$kf" -v a="$af" 'BEGIN {printf "%.2f", k / a}')"
ratio_cpu="$(awk -v k="$kc" -v a="$ac" 'BEGIN {printf "%.2f", k / a}')"

printf '%-8s %16s %18s %10s %9s\n' side "records/s" "fetch records/s" "join ms" "cpu s"
printf '%-8s %16.0f %18.0f %10.0f %9.2f\n' apache "$ar" "$af" "$aj" "$ac"
printf '%-8s %16.0f %18.0f %10.0f %9.2f\n' kanal "$kr" "$kf" "$kj" "$kc"
printf '%-8s %16s %18s %10s %9s\n' ratio "$ratio_total" "$ratio_fetch" "" "$ratio_cpu"
echo "(medians of $rounds runs each, $records x ${size} B; records/s includes the group join, fetch records/s"
echo " excludes it; cpu = user+sys seconds of the client process for the same records; ratio = kanal/apache)"
echo "consumer ratio: $ratio_fetch"
