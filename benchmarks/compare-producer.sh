#!/usr/bin/env bash
# Side-by-side producer comparison on one local broker: Apache Kafka's ProducerPerformance (kafka-tools, resolved
# into a benchmark-only class path) against `kanal perf produce`, alternating A B A B with a fresh topic per run and
# identical settings and JVM options. Prints per workload the median records/s and CPU seconds of each side and the
# ratio Kanal/Apache; the last line is `producer ratio: <lowest records/s ratio over the workloads>`.
#
# Run it holding the Maven lock, so that no build skews the numbers:
#   flock /tmp/kanal-mvn.lock benchmarks/compare-producer.sh
# Environment: ROUNDS (default 3), PARTITIONS (default 6), WORKLOADS (default all: none lz4 zstd 1k txn), WARMUP (unmeasured
# runs per side before the first workload, default 1), SECURITY (PLAINTEXT by default; SSL runs both sides over TLS to a
# TLS listener). Each run's output stays in benchmarks/target/compare-producer[-ssl].
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/compare-producer${SECURITY:+-${SECURITY,,}}"
rounds="${ROUNDS:-3}"
partitions="${PARTITIONS:-6}"
workloads="${WORKLOADS:-none lz4 zstd 1k txn}"
# shellcheck source=compare-lib.sh
source "$root/benchmarks/compare-lib.sh"

# --- 1. Class paths. kafka-tools and kafka-clients of different releases do not mix (4.4 moved classes the 4.3 tools
# use), so the Apache side takes the kafka-clients of its kafka-tools.
kanal_classpath
baseline_pom producer-baseline ProducerPerformance
baseline_cp="$(baseline_classpath "$work/baseline-pom.xml")"
tools_cp="$baseline_cp"
write_log4j_config

# --- 2. One broker.
start_broker compare-producer
echo "broker: $bootstrap ${SECURITY:-PLAINTEXT} (Kafka $kafka_version), Apache side: kafka-tools and kafka-clients $tools_version, $partitions partitions per topic, $rounds rounds per side" >&2

# --- 3. Runs.
run_id=0
# run ID SIDE RECORDS SIZE CODEC [TXN_MS] -> prints "records_per_sec cpu_seconds" (runs in a subshell: ID comes from
# the caller). With TXN_MS both tools send in transactions committed every TXN_MS ms, with their own transactional id.
run() {
    local run_id="$1" side="$2" records="$3" size="$4" codec="$5" txn_ms="${6:-}"
    local topic="compare-$side-$codec-$size-$run_id"
    create_topic "$topic" "$partitions" /dev/null
    local flags=(--topic "$topic" --num-records "$records" --record-size "$size" --throughput -1)
    if [[ -n "$txn_ms" ]]; then
        flags+=(--transactional-id "compare-$side-$run_id" --transaction-duration-ms "$txn_ms")
    fi
    flags+=(--producer.config "$client_config" --producer-props "bootstrap.servers=$bootstrap" acks=all enable.idempotence=true linger.ms=5
        batch.size=65536 "compression.type=$codec")
    local main
    local cp
    if [[ "$side" == apache ]]; then
        cp="$baseline_cp"
        main=(org.apache.kafka.tools.ProducerPerformance)
    else
        cp="$kanal_cp"
        main=(io.kanal.cli.Kanal perf produce)
    fi
    local out="$work/run-$run_id-$side-$codec-$size.out"
    # Earlier runs left hundreds of MB of dirty page cache; write it back now, or the kernel's write-back competes
    # with the measured run for the two cores (it made runs of either client bimodal).
    sync
    /usr/bin/time -f 'cpu %U %S' -o "$out.time" java "${jvm_opts[@]}" -Dlog4j2.configurationFile="$work/log4j2.yaml" \
        -cp "$cp" "${main[@]}" "${flags[@]}" >"$out" 2>"$out.err"
    local summary
    summary="$(grep 'records sent,' "$out" | tail -n 1 || true)"
    if [[ -z "$summary" ]]; then
        echo "  $side run $run_id produced no summary; see $out.err" >&2
        tail -n 20 "$out.err" >&2
        echo "0 0"
        return
    fi
    local rps
    rps="$(sed -n 's/^[0-9]* records sent, \([0-9.]*\) records\/sec.*/\1/p' <<<"$summary")"
    local cpu
    cpu="$(awk '/^cpu/ {printf "%.2f", $2 + $3}' "$out.time")"
    echo "  $side $codec ${size}B run $run_id: $summary [cpu ${cpu}s]" >&2
    echo "$rps $cpu"
}

# A fresh broker is slower (its own JIT warm-up) for the first runs: one unmeasured run of each side first.
for _ in $(seq 1 "${WARMUP:-1}"); do
    run_id=$((run_id + 1))
    run "$run_id" apache 2000000 100 none >/dev/null 2>&1
    run_id=$((run_id + 1))
    run "$run_id" kanal 2000000 100 none >/dev/null 2>&1
done

results=()
lowest=""
for w in $workloads; do
    txn_ms=""
    case "$w" in
        none | lz4 | zstd) records=2000000 size=100 codec="$w" ;;
        1k) records=500000 size=1024 codec=none ;;
        txn) records=2000000 size=100 codec=none txn_ms=100 ;;
        *) echo "unknown workload $w" >&2; exit 2 ;;
    esac
    a_rps=() a_cpu=() k_rps=() k_cpu=()
    for _ in $(seq 1 "$rounds"); do
        run_id=$((run_id + 1))
        read -r r c < <(run "$run_id" apache "$records" "$size" "$codec" "$txn_ms")
        a_rps+=("$r") a_cpu+=("$c")
        run_id=$((run_id + 1))
        read -r r c < <(run "$run_id" kanal "$records" "$size" "$codec" "$txn_ms")
        k_rps+=("$r") k_cpu+=("$c")
    done
    am="$(printf '%s\n' "${a_rps[@]}" | median)"
    ac="$(printf '%s\n' "${a_cpu[@]}" | median)"
    km="$(printf '%s\n' "${k_rps[@]}" | median)"
    kc="$(printf '%s\n' "${k_cpu[@]}" | median)"
    ratio="$(awk -v k="$km" -v a="$am" 'BEGIN {printf "%.2f", k / a}')"
    cpu_ratio="$(awk -v k="$kc" -v a="$ac" 'BEGIN {printf "%.2f", k / a}')"
    label="$records x ${size}B $codec${txn_ms:+ txn ${txn_ms}ms}"
    results+=("$(printf '%-28s %14.0f %10.2f %14.0f %10.2f %8s %9s' \
        "$label" "$am" "$ac" "$km" "$kc" "$ratio" "$cpu_ratio")")
    if [[ -z "$lowest" ]] || awk -v r="$ratio" -v l="$lowest" 'BEGIN {exit !(r < l)}'; then
        lowest="$ratio"
    fi
done

printf '%-28s %14s %10s %14s %10s %8s %9s\n' workload "apache rec/s" "apache cpu" "kanal rec/s" "kanal cpu" \
    "ratio" "cpu ratio"
printf '%s\n' "${results[@]}"
echo "(medians of $rounds runs each; cpu = user+sys seconds of the client process; ratio = kanal/apache records/s;"
echo " cpu ratio = kanal/apache CPU seconds for the same records)"
echo "producer ratio: $lowest"
