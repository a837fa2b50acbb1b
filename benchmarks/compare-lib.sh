# Shared by compare-producer.sh, compare-consumer.sh and compare-connect.sh (sourced, not run): the Kanal class path,
# Apache's benchmark-only class paths, one local broker, and the median. Callers set `root` and `work` first and run with
# `set -euo pipefail`.

kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/pom.xml" | head -n 1)"
# kafka-tools is not on Maven Central for every release (none for 4.4.0): take the newest published one.
tools_version="${BASELINE_TOOLS_VERSION:-4.3.1}"
# The heap of Kafka's perf scripts and the collector settings of kafka-run-class.sh, for both sides.
jvm_opts=(-Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true)
mkdir -p "$work"

# Builds what `kanal` needs and sets kanal_cp. The caller holds the Maven lock, so the launcher must not take it again.
kanal_classpath() {
    export KANAL_MVN_LOCK_HELD=1
    "$root/kanal" --help >/dev/null
    kanal_cp="$root/cli/target/kanal-cli-0.1.0-SNAPSHOT.jar:$(cat "$root/cli/target/classpath.txt")"
}

# baseline_pom ARTIFACT_ID TOOL [CLIENTS_VERSION]: writes $work/baseline-pom.xml, a benchmark-only Maven project of
# kafka-tools $tools_version (whose TOOL is the Apache side); with CLIENTS_VERSION, kafka-clients is pinned to it.
baseline_pom() {
    local managed="" clients=""
    if [[ -n "${3:-}" ]]; then
        managed="<dependencyManagement><dependencies><dependency><groupId>org.apache.kafka</groupId>
      <artifactId>kafka-clients</artifactId><version>$3</version></dependency></dependencies></dependencyManagement>"
        clients="<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId></dependency>"
    fi
    cat >"$work/baseline-pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.kanal.bench</groupId>
  <artifactId>$1</artifactId>
  <version>1</version>
  <!-- Benchmark only: Apache's $2. Never part of a Kanal runtime class path. -->
  $managed
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$tools_version</version>
    </dependency>
    $clients
  </dependencies>
</project>
POM
}

# baseline_classpath POM_FILE [CP_FILE] -> prints the class path of the benchmark-only Maven project in POM_FILE,
# cached in CP_FILE (default $work/baseline-classpath.txt) until the POM changes. Never part of a Kanal runtime class
# path.
baseline_classpath() {
    local pom="$1" cp_file="${2:-$work/baseline-classpath.txt}"
    if [[ ! -s "$cp_file" || "$pom" -nt "$cp_file" ]]; then
        mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
    fi
    cat "$cp_file"
}

# Quiet log4j settings for Apache's tools, in $work/log4j2.yaml.
write_log4j_config() {
    cat >"$work/log4j2.yaml" <<'LOG'
Configuration:
  Appenders:
    Console:
      name: STDERR
      target: SYSTEM_ERR
      PatternLayout:
        Pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: warn
      AppenderRef:
        - ref: STDERR
LOG
}

# start_broker NAME: one dev-cluster broker with Kafka's production JVM settings, stopped when the script exits;
# sets bootstrap.
start_broker() {
    local broker_log="$work/broker.out"
    java -cp "$kanal_cp" io.kanal.testkit.DevCluster --name "$1" --throughput >"$broker_log" 2>&1 &
    broker_pid=$!
    trap 'kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true' EXIT
    bootstrap=""
    for _ in $(seq 1 180); do
        bootstrap="$(sed -n 's/^bootstrap.servers=//p' "$broker_log" | head -n 1)"
        [[ -n "$bootstrap" ]] && return 0
        kill -0 "$broker_pid" 2>/dev/null || { cat "$broker_log" >&2; exit 1; }
        sleep 1
    done
    echo "broker did not start" >&2
    cat "$broker_log" >&2
    exit 1
}

# Reads numbers, one per line; prints their median.
median() {
    sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
