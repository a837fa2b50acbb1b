# Sourced by compare-connect.sh for --startup and --rest-latency (not run on its own). Uses what compare-connect.sh
# set up: root, work, rounds, warmup, timeout_s, sides, bootstrap, worker_pid_file, connect_cp, apache_plugin_path,
# apache_jvm_opts and the median function.
#
# --startup: launch -> `GET /` answers 200, per run a fresh worker JVM with a file source and a file sink given on
#   the command line (the same plugins on both sides: Kanal's kanal-file, Apache's connect-file), polled with curl
#   every 10 ms. Four sides, alternating in every round: Apache (connect-standalone.sh's JVM options, plugin
#   discovery hybrid_warn, its default), Apache with plugin.discovery=service_load, Kanal from the unpacked tarball
#   (bin/kanal-standalone, the launcher's defaults, with the AppCDS archive that a first run wrote at its exit), and
#   Kanal with KANAL_CDS=off. Apache answers GET / before its connectors are created, Kanal alongside them: the
#   stop right after the 200 may cut Apache's connector creation short (an ERROR in its log, harmless here). Prints
#   the medians.
# --rest-latency: Kanal from the tarball with 10 connectors running (5 datagen sources at 1,000 records/s each, 5 file
#   sinks writing them out), then io.kanal.bench.RestLoad (benchmarks.jar): GET /connectors/{c}/status over the 10
#   connectors in turn at 1,000 requests/s for 30 s after a 5 s warm-up, open loop, latency from the intended send
#   time. Repeated --rounds times with a fresh worker; prints each run's percentiles. REST_IDLE=1 makes each datagen
#   source stop after 10 records (connectors RUNNING, no data moving): the REST path alone. KANAL_OPTS passes through.

# Builds the tarball and the benchmark jar if needed, unpacks the tarball into $work/dist; sets kanal_home.
kanal_distribution() {
    local tarball
    tarball="$(ls "$root"/distribution/target/kanal-*.tar.gz 2>/dev/null | head -n 1 || true)"
    if [[ -z "$tarball" || ! -f "$root/benchmarks/target/benchmarks.jar" || -n "$(find "$root" -path '*/target' -prune \
        -o \( -path '*/src/main/*' -o -path '*/distribution/src/*' \) -newer "$tarball" -print -quit)" ]]; then
        echo "building the distribution and benchmarks.jar (mvn package -pl distribution,benchmarks -am) ..." >&2
        (cd "$root" && mvn -B -q -o -DskipTests -Dspotless.check.skip=true package -pl distribution,benchmarks -am) >&2
        tarball="$(ls "$root"/distribution/target/kanal-*.tar.gz | head -n 1)"
    fi
    rm -rf "$work/dist"
    mkdir -p "$work/dist"
    tar xzf "$tarball" -C "$work/dist"
    kanal_home="$(ls -d "$work"/dist/kanal-*)"
}

# since T0 -> seconds from an $EPOCHREALTIME value until now, 3 decimals.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.3f", b - a}'; }

# startup_configs DIR SIDE PORT: a worker with a REST listener on PORT, a file source and a file sink.
startup_configs() {
    local dir="$1" side="$2" port="$3"
    mkdir -p "$dir"
    printf 'line %d\n' $(seq 1 100) >"$dir/input.txt"
    {
        echo "bootstrap.servers=$bootstrap"
        echo "key.converter=org.apache.kafka.connect.storage.StringConverter"
        echo "value.converter=org.apache.kafka.connect.storage.StringConverter"
        echo "offset.storage.file.filename=$dir/offsets"
        echo "listeners=http://127.0.0.1:$port"
        case "$side" in
            apache) echo "plugin.path=$apache_plugin_path" ;;
            apache-sl) echo "plugin.path=$apache_plugin_path"; echo "plugin.discovery=service_load" ;;
            kanal*) echo "plugin.path=$kanal_home/plugins"; echo "kanal.config.storage.file.filename=$dir/configs.json" ;;
        esac
    } >"$dir/worker.properties"
    printf '%s\n' "name=start-source" "connector.class=org.apache.kafka.connect.file.FileStreamSourceConnector" \
        "tasks.max=1" "file=$dir/input.txt" "topic=startup-$side" >"$dir/source.properties"
    printf '%s\n' "name=start-sink" "connector.class=org.apache.kafka.connect.file.FileStreamSinkConnector" \
        "tasks.max=1" "file=$dir/output.txt" "topics=startup-$side" >"$dir/sink.properties"
}

# launch SIDE DIR LOG [EXTRA_KANAL_OPTS]: starts the worker in the background; sets pid.
launch() {
    local side="$1" dir="$2" log="$3" extra="${4:-}"
    case "$side" in
        apache*)
            java "${apache_jvm_opts[@]}" -cp "$connect_cp" org.apache.kafka.connect.cli.ConnectStandalone \
                "$dir/worker.properties" "$dir/source.properties" "$dir/sink.properties" >"$log" 2>&1 &
            ;;
        kanal-nocds)
            KANAL_CDS=off KANAL_OPTS="$extra" "$kanal_home/bin/kanal-standalone" \
                "$dir/worker.properties" "$dir/source.properties" "$dir/sink.properties" >"$log" 2>&1 &
            ;;
        kanal)
            KANAL_OPTS="$extra" "$kanal_home/bin/kanal-standalone" \
                "$dir/worker.properties" "$dir/source.properties" "$dir/sink.properties" >"$log" 2>&1 &
            ;;
    esac
    pid=$!
    echo "$pid" >"$worker_pid_file"
}

# stop_worker: SIGTERM, wait up to 60 s, then SIGKILL.
stop_worker() {
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 600)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$worker_pid_file"
}

# await_root URL -> waits until GET URL answers 200 (or the worker exits, or timeout_s); returns 1 on failure.
await_root() {
    local url="$1" deadline code
    deadline="$(awk -v t="$EPOCHREALTIME" -v s="$timeout_s" 'BEGIN {printf "%d", t + s}')"
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
        [[ "$code" == 200 ]] && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        ((${EPOCHREALTIME%.*} < deadline)) || return 1
        sleep 0.01
    done
}

# startup_run ID SIDE -> prints seconds from launch to GET / 200, or "fail".
startup_run() {
    local id="$1" side="$2" dir="$work/startup-$1-$2" port t0
    rm -rf "$dir"
    port="$(free_port)"
    startup_configs "$dir" "$side" "$port"
    sync
    t0="$EPOCHREALTIME"
    launch "$side" "$dir" "$dir/worker.log"
    if ! await_root "http://127.0.0.1:$port/"; then
        echo "  $side startup run $id: no 200 from GET /; see $dir/worker.log" >&2
        tail -n 20 "$dir/worker.log" >&2
        stop_worker
        echo fail
        return
    fi
    local secs
    secs="$(since "$t0")"
    stop_worker
    echo "  $side startup run $id: GET / 200 after ${secs}s" >&2
    echo "$secs"
}

# make_cds_archive: a first run of Kanal from the fresh tarball (launch, GET / 200, both connectors RUNNING,
# SIGTERM), at whose exit the launcher's AppCDS archive is written; the next run checks it and puts it in place.
make_cds_archive() {
    local dir="$work/startup-cds-training" port c
    rm -rf "$dir"
    port="$(free_port)"
    startup_configs "$dir" kanal "$port"
    launch kanal "$dir" "$dir/worker.log"
    await_root "http://127.0.0.1:$port/" || { echo "CDS training run failed; see $dir/worker.log" >&2; exit 1; }
    for c in start-source start-sink; do
        for _ in $(seq 1 200); do
            curl -s "http://127.0.0.1:$port/connectors/$c/status" | grep -q '"tasks":\[{[^]]*"RUNNING"' && break
            sleep 0.05
        done
    done
    local t0="$EPOCHREALTIME"
    stop_worker
    echo "first run stopped in $(since "$t0")s (SIGTERM, archive written at exit):" \
        "$(ls -l "$kanal_home"/data/cds/ | tail -n +2)" >&2
}

run_startup() {
    local startup_sides=""
    [[ " $sides " == *" apache "* ]] && startup_sides+="apache apache-sl "
    [[ " $sides " == *" kanal "* ]] && startup_sides+="kanal kanal-nocds "
    [[ "$startup_sides" == *kanal* ]] && make_cds_archive
    local side id=0 r
    declare -A samples=()
    for _ in $(seq 1 "$warmup"); do
        for side in $startup_sides; do
            id=$((id + 1))
            echo "warm-up:" >&2
            r="$(startup_run "$id" "$side")"
            [[ "$r" != fail ]] || exit 1
        done
    done
    for _ in $(seq 1 "$rounds"); do
        for side in $startup_sides; do
            id=$((id + 1))
            r="$(startup_run "$id" "$side")"
            [[ "$r" != fail ]] || exit 1
            samples[$side]+="$r "
        done
    done
    printf '%-10s %14s   %s\n' side "median s" "runs (launch -> GET / 200, s)"
    for side in $startup_sides; do
        # shellcheck disable=SC2086 # word splitting wanted: one sample per line
        printf '%-10s %14.3f   %s\n' "$side" "$(printf '%s\n' ${samples[$side]} | median)" "${samples[$side]}"
    done
    echo "(apache-sl: plugin.discovery=service_load; kanal: the tarball's bin/kanal-standalone with its AppCDS" \
        "archive; kanal-nocds: KANAL_CDS=off; $rounds rounds after $warmup warm-up, sides alternating)"
    ls "$kanal_home"/data/cds/*.jsa >/dev/null 2>&1 || echo "warning: no AppCDS archive in $kanal_home/data/cds" >&2
}

run_rest_latency() {
    local n i id
    # REST_IDLE=1: the same 10 connectors, but each source stops after 10 records, for the REST path's own latency.
    local records_per_task=-1
    [[ -z "${REST_IDLE:-}" ]] || records_per_task=10
    for n in $(seq 1 "$rounds"); do
        local dir="$work/rest-$n" port
        rm -rf "$dir"
        mkdir -p "$dir"
        port="$(free_port)"
        {
            echo "bootstrap.servers=$bootstrap"
            echo "key.converter=org.apache.kafka.connect.storage.StringConverter"
            echo "value.converter=org.apache.kafka.connect.json.JsonConverter"
            echo "offset.storage.file.filename=$dir/offsets"
            echo "kanal.config.storage.file.filename=$dir/configs.json"
            echo "listeners=http://127.0.0.1:$port"
            echo "plugin.path=$kanal_home/plugins"
        } >"$dir/worker.properties"
        local connectors=() paths=""
        for i in 1 2 3 4 5; do
            printf '%s\n' "name=gen-$i" "connector.class=io.kanal.plugins.datagen.DatagenConnector" "tasks.max=1" \
                "topic=rest-load-$n-$i" "schema=orders" "records.per.task=$records_per_task" "rate.per.task=1000" "seed=$i" \
                "topic.creation.default.partitions=1" "topic.creation.default.replication.factor=1" \
                >"$dir/gen-$i.properties"
            printf '%s\n' "name=out-$i" "connector.class=FileStreamSink" "tasks.max=1" "topics=rest-load-$n-$i" \
                "file=$dir/out-$i.txt" >"$dir/out-$i.properties"
            connectors+=("$dir/gen-$i.properties" "$dir/out-$i.properties")
            paths+="connectors/gen-$i/status,connectors/out-$i/status,"
        done
        KANAL_OPTS="${KANAL_OPTS:-}" "$kanal_home/bin/kanal-standalone" "$dir/worker.properties" "${connectors[@]}" \
            >"$dir/worker.log" 2>&1 &
        pid=$!
        echo "$pid" >"$worker_pid_file"
        await_root "http://127.0.0.1:$port/" || { echo "worker did not answer; see $dir/worker.log" >&2; exit 1; }
        # Every connector and task RUNNING, and data reaching the sinks' files, before the load starts.
        for i in 1 2 3 4 5; do
            for id in gen-$i out-$i; do
                for _ in $(seq 1 600); do
                    curl -s "http://127.0.0.1:$port/connectors/$id/status" | grep -q '"tasks":\[{[^]]*"RUNNING"' && break
                    sleep 0.05
                done
            done
            for _ in $(seq 1 600); do
                [[ -s "$dir/out-$i.txt" ]] && break
                sleep 0.05
            done
            [[ -s "$dir/out-$i.txt" ]] || { echo "no data reached out-$i.txt; see $dir/worker.log" >&2; exit 1; }
        done
        echo "rest-latency run $n: 10 connectors running, load starts" >&2
        java -Xmx256m -cp "$root/benchmarks/target/benchmarks.jar" io.kanal.bench.RestLoad \
            --url "http://127.0.0.1:$port/" --paths "${paths%,}" --rate 1000 --warmup-s 5 --duration-s 30 \
            | tee "$dir/load.txt"
        local lines_out
        lines_out="$(cat "$dir"/out-*.txt | wc -l)"
        echo "  records in the sinks' files at the end: $lines_out" >&2
        stop_worker
    done
}
