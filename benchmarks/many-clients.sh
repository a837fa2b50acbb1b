#!/usr/bin/env bash
# Footprint of many clients in one JVM: 200 producers and 200 consumers, each on its own partition at two records a
# second, against one local broker, with the clients on private resources (each its own threads) and on one shared
# ClientResources, alternating private/shared. Prints per mode the median live threads, resident memory and CPU of
# the measurement window. The broker runs in its own process and is not measured.
#
# Run it holding the Maven lock, so that no build skews the numbers:
#   flock /tmp/kanal-mvn.lock benchmarks/many-clients.sh
# Environment: ROUNDS (default 3), PRODUCERS and CONSUMERS (default 200 each), WARMUP_S (default 30: JIT compilation
# dominates the first half minute), MEASURE_S (default 30). Each run's output stays in benchmarks/target/many-clients.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/many-clients"
rounds="${ROUNDS:-3}"
# shellcheck source=compare-lib.sh
source "$root/benchmarks/compare-lib.sh"

kanal_classpath
# The measuring tool lives in the benchmarks module (its shaded jar carries the client engine and the testkit).
(cd "$root" && mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl benchmarks -am) >&2
bench_jar="$root/benchmarks/target/benchmarks.jar"
start_broker many-clients
echo "broker: $bootstrap (Kafka $kafka_version), ${PRODUCERS:-200} producers + ${CONSUMERS:-200} consumers, $rounds rounds per mode" >&2

declare -A threads rss cpu
for round in $(seq 1 "$rounds"); do
    for mode in private shared; do
        out="$work/run-$round-$mode.out"
        sync
        java "${jvm_opts[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$bench_jar" io.kanal.bench.ManyClients \
            --bootstrap-server "$bootstrap" --mode "$mode" --producers "${PRODUCERS:-200}" \
            --consumers "${CONSUMERS:-200}" --warmup-s "${WARMUP_S:-30}" --measure-s "${MEASURE_S:-30}" \
            >"$out" 2>"$out.err"
        line="$(grep '^mode=' "$out")"
        echo "  round $round: $line" >&2
        threads[$mode]+="$(sed -n 's/.* live_threads=\([0-9]*\).*/\1/p' <<<"$line") "
        rss[$mode]+="$(sed -n 's/.* rss_mb=\([0-9]*\).*/\1/p' <<<"$line") "
        cpu[$mode]+="$(sed -n 's/.* cpu_s=\([0-9.]*\).*/\1/p' <<<"$line") "
    done
done
for mode in private shared; do
    t="$(tr ' ' '\n' <<<"${threads[$mode]}" | grep . | median)"
    r="$(tr ' ' '\n' <<<"${rss[$mode]}" | grep . | median)"
    c="$(tr ' ' '\n' <<<"${cpu[$mode]}" | grep . | median)"
    echo "$mode: live threads $t, RSS $r MB, CPU $c s per ${MEASURE_S:-30} s"
done
