# Shared by compare-producer.sh, compare-consumer.sh, compare-connect.sh, compare-failover.sh and compare-jdbc.sh
# (sourced, not run): the Kanal class path, Apache's benchmark-only class paths (tools, Connect and Connect plugins), one
# local broker, process helpers (/proc) and the median. Callers set `root` and `work` first and run with `set -euo pipefail`.

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

# create_topic TOPIC PARTITIONS LOG_FILE: a topic of replication factor 1, made with Apache's TopicCommand from the
# class path tools_cp (a baseline_classpath of kafka-tools); TopicCommand's output goes to LOG_FILE.
create_topic() {
    java -cp "$tools_cp" -Dlog4j2.configurationFile="$work/log4j2.yaml" org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "$bootstrap" --command-config "$client_config" --create --topic "$1" --partitions "$2" --replication-factor 1 \
        >"$3" 2>&1 || { cat "$3" >&2; return 1; }
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
# sets bootstrap and client_config (a properties file with bootstrap.servers, security.protocol and, for SECURITY=SSL,
# the ssl.* keys of the testkit's certificates). SECURITY (default PLAINTEXT) is the protocol of the client listener.
start_broker() {
    local broker_log="$work/broker.out"
    local listener=()
    if [[ "${SECURITY:-PLAINTEXT}" != PLAINTEXT ]]; then
        listener=(--client-listener "$SECURITY")
    fi
    java -cp "$kanal_cp" io.kanal.testkit.DevCluster --name "$1" --throughput "${listener[@]}" >"$broker_log" 2>&1 &
    broker_pid=$!
    trap 'kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true' EXIT
    bootstrap=""
    for _ in $(seq 1 180); do
        bootstrap="$(sed -n 's/^bootstrap.servers=//p' "$broker_log" | head -n 1)"
        client_config="$(sed -n 's/^client.config=//p' "$broker_log" | head -n 1)"
        [[ -n "$bootstrap" && -n "$client_config" ]] && return 0
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

# --- Apache Kafka Connect, for compare-connect.sh and compare-failover.sh. Published plugin artifacts (connect-file,
# connect-test-plugins) are not on Maven Central for every release (none for 4.4.0), like kafka-tools: take the newest
# published one. They only implement connect-api, which comes from connect-runtime $kafka_version.
connect_file_version="${BASELINE_CONNECT_FILE_VERSION:-4.3.1}"
log4j_version="${BASELINE_LOG4J_VERSION:-2.24.3}"

# apache_connect: resolves Apache Kafka Connect $kafka_version (connect-runtime, connect-json, and the SLF4J 1.7
# binding and Log4j 2 that Kafka's distribution ships in libs/) into connect_cp, a benchmark-only class path; makes
# apache_plugin_path an empty plugin.path directory (apache_plugin fills it); writes $work/connect-log4j2.properties
# and sets apache_jvm_opts. Never part of a Kanal runtime class path.
apache_connect() {
    cat >"$work/connect-pom.xml.new" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.kanal.bench</groupId>
  <artifactId>connect-baseline</artifactId>
  <version>1</version>
  <!-- Benchmark only: Apache Kafka Connect. Never part of a Kanal runtime class path. -->
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>connect-runtime</artifactId>
      <version>$kafka_version</version>
    </dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>connect-json</artifactId>
      <version>$kafka_version</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>$log4j_version</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>$log4j_version</version>
    </dependency>
  </dependencies>
</project>
POM
    # An unchanged POM keeps its age, so the cached class path stays valid.
    if cmp -s "$work/connect-pom.xml.new" "$work/connect-pom.xml"; then
        rm "$work/connect-pom.xml.new"
    else
        mv "$work/connect-pom.xml.new" "$work/connect-pom.xml"
    fi
    connect_cp="$(baseline_classpath "$work/connect-pom.xml" "$work/connect-classpath.txt")"
    apache_plugin_path="$work/apache-plugins"
    rm -rf "$apache_plugin_path"
    mkdir -p "$apache_plugin_path"
    # Apache's worker logs: warnings, plus the INFO lines of the command line classes and of Connect's start. A
    # properties file, because Log4j's YAML support needs jackson-dataformat-yaml, which connect-runtime does not bring.
    cat >"$work/connect-log4j2.properties" <<'LOG'
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = STDERR
logger.cli.name = org.apache.kafka.connect.cli
logger.cli.level = info
logger.connect.name = org.apache.kafka.connect.runtime.Connect
logger.connect.level = info
LOG
    # Apache's default JVM options for Connect: KAFKA_HEAP_OPTS of connect-standalone.sh and connect-distributed.sh,
    # then the defaults of kafka-run-class.sh (KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_JMX_OPTS, kafka.logs.dir).
    # MaxInlineLevel=15 is JDK 17's default anyway.
    apache_jvm_opts=(-Xms256M -Xmx2G
        -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
        -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true
        -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false
        -Dcom.sun.management.jmxremote.ssl=false
        "-Dkafka.logs.dir=$work/apache-logs" "-Dlog4j2.configurationFile=$work/connect-log4j2.properties")
}

# apache_jars DIR ARTIFACT...: DIR with the jars of org.apache.kafka:ARTIFACT:$connect_file_version (without their
# dependencies). Published plugins of $connect_file_version call kafka-clients classes that kafka-clients $kafka_version
# moved (AppInfoParser): DIR gets kafka-clients $connect_file_version too, to be found after the worker's kafka-clients
# $kafka_version (in a plugin directory Kafka classes load parent-first; on a class path it goes last), so that it only
# supplies what the newer one no longer has.
apache_jars() {
    local dir="$1" artifact jar
    shift
    mkdir -p "$dir"
    for artifact in "$@" kafka-clients; do
        jar="$HOME/.m2/repository/org/apache/kafka/$artifact/$connect_file_version/$artifact-$connect_file_version.jar"
        if [[ ! -f "$jar" ]]; then
            (cd "$work" && mvn -B -q dependency:get -Dartifact="org.apache.kafka:$artifact:$connect_file_version" \
                -Dtransitive=false) >&2
        fi
        [[ -f "$jar" ]] || { echo "org.apache.kafka:$artifact:$connect_file_version did not resolve" >&2; exit 1; }
        cp "$jar" "$dir/"
    done
}

# apache_plugin NAME ARTIFACT...: the plugin directory $apache_plugin_path/NAME (see apache_jars), as Kafka's
# quickstart puts connect-file on plugin.path.
apache_plugin() {
    apache_jars "$apache_plugin_path/$1" "${@:2}"
}

# --- Processes.

# java_pid PID -> PID itself if it is a JVM (the kanal launcher execs java), else its first java descendant.
java_pid() {
    local pid="$1" child
    if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]]; then
        echo "$pid"
        return
    fi
    for child in $(pgrep -P "$pid" || true); do
        java_pid "$child" && return
    done
    return 1
}

# alive PID: the process runs (a dead child stays a zombie until waited for, and kill -0 still reaches a zombie).
alive() {
    local state
    state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 1)"
    [[ -n "$state" && "$state" != Z ]]
}

# cpu_seconds PID -> user+sys seconds of PID with its waited-for children (/proc/PID/stat: after "(comm) " come state,
# ppid, ..., utime as field 12, stime 13, cutime 14, cstime 15, in clock ticks), 2 decimals.
cpu_seconds() {
    sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13 + $14 + $15) / hz}'
}

# elapsed FROM TO -> seconds between two $EPOCHREALTIME values, 3 decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
