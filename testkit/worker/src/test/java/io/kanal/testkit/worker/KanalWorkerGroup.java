package io.kanal.testkit.worker;

import io.kanal.testkit.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kanal distributed workers of one fault test, each a child JVM ({@link KanalDistributedWorker}) in one group on a
 * 3-node Kafka cluster, with the internal topics replicated 3 times and the datagen plugin installed. Starts and stops
 * several workers at once (a JVM start takes seconds on 2 cores), and finds the group's leader in the workers' logs.
 *
 * <p><b>Threading.</b> Driven by the test's thread; {@link #startAll} and {@link #stopAll} run the workers' starts and
 * stops on a pool of their own and wait for every one of them.
 */
final class KanalWorkerGroup implements AutoCloseable {

    /** The line a worker logs for each assignment it receives; it names the generation and the leader's URL. */
    private static final Pattern GENERATION = Pattern.compile("\\] generation (\\d+) \\([^,]+, leader (\\S+)\\)");

    private final DistributedSettings settings;
    private final Path dir;
    private final Path plugin;
    private final List<KanalDistributedWorker> workers = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kanal-worker-group-start-stop");
        t.setDaemon(true);
        return t;
    });

    /**
     * A group of no workers yet.
     *
     * @param kafka the cluster, 3 nodes
     * @param group the group id; the internal topics are named after it
     * @param dir where the workers' directories go
     */
    KanalWorkerGroup(KafkaCluster kafka, String group, Path dir) {
        this(kafka, group, dir, Map.of());
    }

    /**
     * A group of no workers yet, whose workers get extra settings.
     *
     * @param kafka the cluster, 3 nodes
     * @param group the group id; the internal topics are named after it
     * @param dir where the workers' directories go
     * @param extra worker settings on top of the group's
     */
    KanalWorkerGroup(KafkaCluster kafka, String group, Path dir, Map<String, String> extra) {
        DistributedSettings s = DistributedSettings.of(kafka.bootstrapServers(), group)
                .with("config.storage.replication.factor", "3")
                .with("offset.storage.replication.factor", "3")
                .with("status.storage.replication.factor", "3");
        for (Map.Entry<String, String> e : extra.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        this.settings = s;
        this.dir = dir;
        this.plugin = Pipelines.plugin("datagen");
    }

    /**
     * Describes one more worker, {@code kanal-<n>}; it does not run until started.
     *
     * @return the worker
     */
    KanalDistributedWorker add() {
        KanalDistributedWorker w =
                KanalDistributedWorker.create(settings, dir.resolve("kanal-" + (workers.size() + 1)), plugin);
        workers.add(w);
        return w;
    }

    /**
     * Every worker described so far, running or not.
     *
     * @return the workers in the order they were added
     */
    List<KanalDistributedWorker> all() {
        return List.copyOf(workers);
    }

    /**
     * The workers whose process runs.
     *
     * @return the live workers
     */
    List<KanalDistributedWorker> live() {
        return workers.stream().filter(KanalDistributedWorker::isAlive).toList();
    }

    /**
     * The ids of the workers whose process runs, as statuses name them.
     *
     * @return the ids
     */
    List<String> liveIds() {
        return live().stream().map(ConnectWorker::workerId).toList();
    }

    /**
     * The live workers that are not frozen ({@link KanalDistributedWorker#suspend()}): those that answer.
     *
     * @return the responsive workers
     */
    List<KanalDistributedWorker> responsive() {
        return live().stream().filter(w -> !w.isSuspended()).toList();
    }

    /**
     * Who runs what, as the first responsive worker reports it.
     *
     * @return the ownership
     */
    ClusterOwnership ownership() {
        return ClusterOwnership.of(responsive().get(0).rest());
    }

    /**
     * Starts workers at once and waits until each is healthy.
     *
     * @param some the workers, not running
     */
    void startAll(List<KanalDistributedWorker> some) {
        each(some, ConnectWorker::start);
    }

    /**
     * Stops workers at once with SIGTERM and waits until each has exited.
     *
     * @param some the workers
     */
    void stopAll(List<KanalDistributedWorker> some) {
        each(some, ConnectWorker::stop);
    }

    private void each(List<KanalDistributedWorker> some, Consumer<ConnectWorker> action) {
        List<CompletableFuture<Void>> all = some.stream()
                .map(w -> CompletableFuture.runAsync(() -> action.accept(w), pool))
                .toList();
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * The leader of the latest generation any live worker has logged an assignment for.
     *
     * @return the leader, when one of the live workers is the leader of that generation
     */
    Optional<KanalDistributedWorker> leader() {
        Optional<Generation> latest = lastGenerations().values().stream()
                .flatMap(Optional::stream)
                .max(Comparator.comparingInt(Generation::generation));
        return latest.flatMap(this::worker);
    }

    /**
     * One assignment a worker logged: the generation and its leader's URL.
     *
     * @param generation the generation id
     * @param leaderUrl the leader's advertised URL, as logged
     */
    record Generation(int generation, String leaderUrl) {}

    /**
     * The last assignment each live worker has logged in its current run.
     *
     * @return per live worker, in the order added: its last generation, empty when it logged none
     */
    Map<KanalDistributedWorker, Optional<Generation>> lastGenerations() {
        Map<KanalDistributedWorker, Optional<Generation>> out = new LinkedHashMap<>();
        for (KanalDistributedWorker w : live()) {
            String log;
            try {
                log = Files.readString(w.logFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + w.logFile(), e);
            }
            // The log is appended across runs: a worker's last generation line is from its current run.
            Generation last = null;
            Matcher m = GENERATION.matcher(log);
            while (m.find()) {
                last = new Generation(Integer.parseInt(m.group(1)), m.group(2));
            }
            out.put(w, Optional.ofNullable(last));
        }
        return out;
    }

    /**
     * The live worker a generation names as its leader.
     *
     * @param generation the generation
     * @return the worker whose REST URL is the leader's, when it is a live one of this group
     */
    Optional<KanalDistributedWorker> worker(Generation generation) {
        String url = stripSlash(generation.leaderUrl());
        return live().stream()
                .filter(w -> stripSlash(w.restUri().toString()).equals(url))
                .findFirst();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Stops every live worker at once (SIGTERM) and the start-stop pool. */
    @Override
    public void close() {
        try {
            stopAll(live());
        } finally {
            pool.shutdownNow();
        }
    }
}
