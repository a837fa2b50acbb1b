package io.kanal.runtime.worker;

import static io.kanal.runtime.worker.WorkerHarness.SINK;
import static io.kanal.runtime.worker.WorkerHarness.SOURCE;
import static io.kanal.runtime.worker.WorkerHarness.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.isolation.PluginFixtures;
import io.kanal.runtime.task.PipelineFixtures;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker with plugins from a plugin directory, on a real broker: pipelines, failures, hostile plugins. */
@WithKafkaCluster
class WorkerIT {

    @TempDir
    Path dir;

    private static Map<String, String> source(String topic, int records, int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SOURCE);
        c.put("topic", topic);
        c.put("records", Integer.toString(records));
        c.put("tasks.max", Integer.toString(tasks));
        return c;
    }

    private static Map<String, String> sink(String topic, Path out) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SINK);
        c.put("topics", topic);
        c.put("out", out.toString());
        return c;
    }

    private static Set<String> expected(int tasks, int records) {
        Set<String> out = new HashSet<>();
        for (int t = 0; t < tasks; t++) {
            for (int n = 0; n < records; n++) {
                out.add(t + "-" + n);
            }
        }
        return out;
    }

    @Test
    void sourceToKafkaToSinkDeliversEveryRecordOnce(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "w-e2e", 3);
        Path out = dir.resolve("e2e.txt");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            h.put("src", source("w-e2e", 500, 2));
            h.put("snk", sink("w-e2e", out));
            await().atMost(Duration.ofSeconds(90)).until(() -> lines(out).size() >= 1000);
            assertThat(h.connector("src").orElseThrow().status().state()).isEqualTo(StatusState.RUNNING);
            assertThat(h.taskStatus("src", 1).state()).isEqualTo(StatusState.RUNNING);
            assertThat(h.taskStatus("snk", 0).state()).isEqualTo(StatusState.RUNNING);
        }
        List<String> got = lines(out);
        assertThat(got).hasSize(1000);
        assertThat(new HashSet<>(got)).isEqualTo(expected(2, 500));
    }

    @Test
    void aTaskThatFailsOnceIsRestartedAutomaticallyAndLosesNothing(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "w-restart", 1);
        Path out = dir.resolve("restart.txt");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            Map<String, String> src = source("w-restart", 300, 1);
            src.put("fail.once.marker", dir.resolve("failed-once").toString());
            h.put("src", src);
            h.put("snk", sink("w-restart", out));
            await().atMost(Duration.ofSeconds(90)).until(() -> lines(out).size() >= 300);
            Status status = h.taskStatus("src", 0);
            assertThat(status.state()).isEqualTo(StatusState.RUNNING);
            assertThat(status.restartAttempts()).isGreaterThanOrEqualTo(1);
        }
        assertThat(dir.resolve("failed-once")).exists();
        assertThat(new HashSet<>(lines(out))).isEqualTo(expected(1, 300));
    }

    @Test
    void hostilePluginsAreReportedWhileOthersKeepMovingRecords(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "w-healthy", 2);
        PipelineFixtures.createTopic(cluster, "w-hostile", 1);
        Path out = dir.resolve("healthy.txt");
        WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of());
        try {
            hostile(h, "conn-start", SOURCE, "block.in", "start");
            hostile(h, "conn-taskconfigs", SOURCE, "block.in", "taskConfigs");
            hostile(h, "task-start", SOURCE, "task.block.in", "start");
            hostile(h, "task-poll", SOURCE, "task.block.in", "poll");
            Map<String, String> deaf = hostileConfig(SOURCE, "task.block.in", "poll");
            deaf.put("task.ignore.interrupts", "true");
            h.put("task-poll-deaf", deaf);
            hostile(h, "sink-put", SINK, "task.block.in", "put");
            hostile(h, "sink-flush", SINK, "task.block.in", "flush");
            Map<String, String> error = hostileConfig(SOURCE, "task.fail.in", "poll");
            error.put("task.fail.error", "true");
            error.put("kanal.task.restart.policy", "none");
            h.put("task-error", error);

            // Records for the hostile sinks: a flush only happens when there are offsets to commit.
            PipelineFixtures.produce(cluster, "w-hostile", List.of("a", "b", "c"));
            h.put("src", source("w-healthy", 2000, 2));
            h.put("snk", sink("w-healthy", out));
            await().atMost(Duration.ofSeconds(90)).until(() -> lines(out).size() >= 4000);
            assertThat(new HashSet<>(lines(out))).isEqualTo(expected(2, 2000));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertStuck(h.connector("conn-start").orElseThrow().status(), "start");
                assertStuck(h.connector("conn-taskconfigs").orElseThrow().status(), "taskConfigs");
                assertStuck(h.taskStatus("task-start", 0), "start");
                assertStuck(h.taskStatus("task-poll", 0), "poll");
                assertStuck(h.taskStatus("task-poll-deaf", 0), "poll");
                assertStuck(h.taskStatus("sink-put", 0), "put");
                // flush runs inside the default preCommit, which is the stage the status names
                assertStuck(h.taskStatus("sink-flush", 0), "preCommit");
                assertThat(h.taskStatus("sink-flush", 0).note().orElseThrow()).contains("CollectSinkTask.flush");
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> h.taskStatus("task-error", 0).state() == StatusState.FAILED);
            Status failed = h.taskStatus("task-error", 0);
            assertThat(failed.error().orElseThrow().exceptionClass()).isEqualTo("java.lang.AssertionError");
            assertThat(failed.error().orElseThrow().stage()).isEqualTo("poll");
        } finally {
            // Stopping must finish although several plugins are stuck, one of them ignoring interrupts.
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(h::close);
            stopped.get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> halfMalformedJson(int count) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(i % 2 == 0 ? "{\"n\":" + i + "}" : "{not json " + i);
        }
        return values;
    }

    private static Map<String, String> jsonSink(String topic, Path out) {
        Map<String, String> c = sink(topic, out);
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("kanal.task.restart.policy", "none");
        return c;
    }

    @Test
    void toleranceAllSendsEveryMalformedRecordToTheDeadLetterQueueInOrderWithContext(KafkaCluster cluster)
            throws Exception {
        PipelineFixtures.createTopic(cluster, "w-dlq-in", 1);
        PipelineFixtures.produce(cluster, "w-dlq-in", halfMalformedJson(1000));
        Path out = dir.resolve("dlq-good.txt");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            Map<String, String> c = jsonSink("w-dlq-in", out);
            c.put("errors.tolerance", "all");
            c.put("errors.deadletterqueue.topic.name", "w-dlq");
            c.put("errors.deadletterqueue.topic.replication.factor", "1");
            c.put("errors.deadletterqueue.context.headers.enable", "true");
            h.put("dlq", c);
            await().atMost(Duration.ofSeconds(90)).until(() -> lines(out).size() >= 500);
            List<io.kanal.client.consumer.ConsumerRecord<byte[], byte[]>> dead =
                    PipelineFixtures.readAll(cluster, "w-dlq", 1, 500);
            assertThat(dead).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(PipelineFixtures.text(dead.get(i).value())).isEqualTo("{not json " + (2 * i + 1));
            }
            Map<String, String> headers = new HashMap<>();
            dead.get(0).headers().forEach(x -> headers.put(x.key(), PipelineFixtures.text(x.valueBytes())));
            assertThat(headers)
                    .containsEntry("__connect.errors.topic", "w-dlq-in")
                    .containsEntry("__connect.errors.partition", "0")
                    .containsEntry("__connect.errors.offset", "1")
                    .containsKey("__connect.errors.exception.class.name")
                    .containsKey("__connect.errors.exception.message");
            assertThat(h.taskStatus("dlq", 0).state()).isEqualTo(StatusState.RUNNING);
        }
        List<String> good = lines(out);
        assertThat(good).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(good.get(i)).isEqualTo("{n=" + (2 * i) + "}");
        }
    }

    @Test
    void toleranceNoneFailsTheTaskAtTheFirstBadRecordWithAStructuredError(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "w-none-in", 1);
        PipelineFixtures.produce(cluster, "w-none-in", halfMalformedJson(10));
        Path out = dir.resolve("none-good.txt");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            h.put("strict", jsonSink("w-none-in", out));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> h.taskStatus("strict", 0).state() == StatusState.FAILED);
            io.kanal.runtime.herder.StatusError error =
                    h.taskStatus("strict", 0).error().orElseThrow();
            assertThat(error.stage()).isEqualTo("valueConverter");
            assertThat(error.coordinates()).hasValue("topic w-none-in, partition 0, offset 1");
            assertThat(error.exceptionClass()).isNotEmpty();
            assertThat(error.trace()).isNotEmpty();
        }
        assertThat(lines(out)).doesNotContain("{n=2}");
    }

    @Test
    void aSecretFromAConfigProviderNeverReachesTheStatusOrTheConfigFile(KafkaCluster cluster) throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        Path secrets = dir.resolve("secrets.properties");
        java.nio.file.Files.writeString(secrets, "db.password=" + secret + "\n");
        Map<String, String> providers = Map.of(
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        // slf4j-simple writes to whatever System.err is at each call: the test sees every log line of the worker.
        System.setErr(
                new java.io.PrintStream(new TeeStream(logs, stderr), true, java.nio.charset.StandardCharsets.UTF_8));
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, providers)) {
            Map<String, String> c = source("w-secret", 10, 1);
            // a key no name rule would mask: only its coming from a provider makes it secret
            c.put("db.login", "${file:" + secrets + ":db.password}");
            c.put("task.fail.in", "start");
            c.put("task.echo.key", "db.login");
            c.put("kanal.task.restart.policy", "none");
            h.put("careless", c);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> h.taskStatus("careless", 0).state() == StatusState.FAILED);
            io.kanal.runtime.herder.StatusError error =
                    h.taskStatus("careless", 0).error().orElseThrow();
            assertThat(error.message())
                    .contains("hostile start fails with [hidden]")
                    .doesNotContain(secret);
            assertThat(error.trace()).doesNotContain(secret);
            assertThat(h.connector("careless").orElseThrow().config().get("db.login"))
                    .startsWith("${file:");
        } finally {
            System.setErr(stderr);
        }
        String logged = logs.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(logged).contains("hostile start fails with [hidden]").doesNotContain(secret);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                if (!f.equals(secrets)) {
                    assertThat(java.nio.file.Files.readString(f))
                            .as(f.toString())
                            .doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void anUnknownConnectorClassFailsTheConnectorWithTheClosestNames(KafkaCluster cluster) throws Exception {
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            Map<String, String> c = source("w-typo", 1, 1);
            c.put("connector.class", "SeqSourceConector");
            h.put("typo", c);
            await().atMost(Duration.ofSeconds(30)).until(() -> h.connector("typo")
                    .map(v -> v.status().state() == StatusState.FAILED)
                    .orElse(false));
            assertThat(h.connector("typo")
                            .orElseThrow()
                            .status()
                            .error()
                            .orElseThrow()
                            .message())
                    .contains("SeqSourceConector")
                    .contains("SeqSourceConnector");
            // the rest of the worker is unaffected
            PipelineFixtures.createTopic(cluster, "w-typo-ok", 1);
            Path out = dir.resolve("typo-ok.txt");
            h.put("fine", source("w-typo-ok", 5, 1));
            h.put("fine-sink", sink("w-typo-ok", out));
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(out).size() >= 5);
            assertThat(h.taskStatus("fine", 0).state()).isEqualTo(StatusState.RUNNING);
        }
    }

    @Test
    void aConnectorThatAsksForReconfigurationGetsItsNewTasks(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "w-reconf", 3);
        Path tasksFile = dir.resolve("tasks");
        java.nio.file.Files.writeString(tasksFile, "1");
        Path out = dir.resolve("reconf.txt");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            Map<String, String> c = source("w-reconf", 100, 3);
            c.put("tasks.file", tasksFile.toString());
            h.put("grow", c);
            h.put("snk", sink("w-reconf", out));
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(out).size() >= 100);
            assertThat(h.connector("grow").orElseThrow().tasks()).hasSize(1);
            java.nio.file.Files.writeString(tasksFile, "3");
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(out).size() >= 300);
            assertThat(h.connector("grow").orElseThrow().tasks()).hasSize(3);
            assertThat(h.taskStatus("grow", 2).state()).isEqualTo(StatusState.RUNNING);
        }
        assertThat(new HashSet<>(lines(out))).isEqualTo(expected(3, 100));
    }

    @Test
    void aConfigProviderThatCannotReadFailsTheConnectorInsteadOfLeavingItStarting(KafkaCluster cluster)
            throws Exception {
        Map<String, String> providers = Map.of(
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        Path missing = dir.resolve("no-such-secrets.properties");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, providers)) {
            Map<String, String> c = source("w-provider", 1, 1);
            c.put("db.login", "${file:" + missing + ":user}");
            h.put("unreadable", c);
            await().atMost(Duration.ofSeconds(30)).until(() -> h.connector("unreadable")
                    .map(v -> v.status().state() == StatusState.FAILED)
                    .orElse(false));
            assertThat(h.connector("unreadable")
                            .orElseThrow()
                            .status()
                            .error()
                            .orElseThrow()
                            .message())
                    .contains(missing.getFileName().toString());
        }
    }

    @Test
    void aValidateThatHangsCostsOnlyItsCallerTheTimeout(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "w-validate", 1);
        Path out = dir.resolve("validate.txt");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            h.put("src", source("w-validate", 200, 1));
            Map<String, String> hanging = source("w-validate", 1, 1);
            hanging.put("block.in", "validate");
            hanging.put("ignore.interrupts", "true");
            ConnectorValidator.Outcome outcome = h.worker.validate("hangs", hanging, Duration.ofSeconds(2));
            assertThat(outcome.isValid()).isFalse();
            assertThat(outcome.explanation()).contains("validate did not return within 2000 ms");
            assertThat(outcome.timedOut()).hasValueSatisfying(stage -> assertThat(stage.description())
                    .isEqualTo("performing multi-property validation for the connector"));
            Map<String, String> typo = source("w-validate", 1, 1);
            typo.put("connector.class", "SeqSourceConector");
            assertThat(h.worker.validate("typo", typo, Duration.ofSeconds(10)).explanation())
                    .contains("SeqSourceConnector");
            assertThat(h.worker
                            .validate("ok", source("w-validate", 1, 1), Duration.ofSeconds(10))
                            .isValid())
                    .isTrue();
            // the herder and the running connector were never held up
            h.put("snk", sink("w-validate", out));
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(out).size() >= 200);
        }
    }

    @Test
    void aPausedSinkLosesNothingAndResumesWhereItStopped(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "w-pause", 2);
        Path out = dir.resolve("pause.txt");
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, Map.of())) {
            h.put("snk", sink("w-pause", out));
            h.put("src", source("w-pause", 100, 1));
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(out).size() >= 100);
            changeTargetState(h, "snk", TargetState.PAUSED);
            changeTargetState(h, "src", TargetState.PAUSED);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> h.taskStatus("snk", 0).state() == StatusState.PAUSED
                            && h.taskStatus("src", 0).state() == StatusState.PAUSED);
            // records arrive while the sink is paused: its polls keep the group alive and must not swallow them
            PipelineFixtures.produce(cluster, "w-pause", List.of("late-1", "late-2", "late-3"));
            changeTargetState(h, "snk", TargetState.RUNNING);
            changeTargetState(h, "src", TargetState.RUNNING);
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(out).size() >= 103);
            assertThat(h.taskStatus("snk", 0).state()).isEqualTo(StatusState.RUNNING);
        }
        Set<String> want = expected(1, 100);
        want.addAll(List.of("late-1", "late-2", "late-3"));
        List<String> got = lines(out);
        assertThat(got).hasSize(103);
        assertThat(new HashSet<>(got)).isEqualTo(want);
    }

    private static void changeTargetState(WorkerHarness h, String name, TargetState state) throws Exception {
        assertThat(h.worker
                        .request(id -> new HerderEvent.ChangeTargetState(id, name, state))
                        .get(30, TimeUnit.SECONDS))
                .isInstanceOf(HerderReply.Done.class);
    }

    /** Copies what is written to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }

    @Test
    void twoConnectorsWhosePluginsBundleDifferentVersionsOfOneLibraryEachUseTheirOwn(KafkaCluster cluster)
            throws Exception {
        // alpha.jar bundles fixture.lib.Greeting "v1", beta/ bundles "v2"; the runtime's own copy says "parent"
        PluginFixtures fixtures = PluginFixtures.build(dir.resolve("isolation"));
        PipelineFixtures.createTopic(cluster, "w-alpha", 1);
        PipelineFixtures.createTopic(cluster, "w-beta", 1);
        Map<String, String> extra = Map.of("plugin.path", dir.resolve("plugins") + "," + fixtures.pluginPath);
        try (WorkerHarness h = WorkerHarness.start(cluster, dir, extra)) {
            Map<String, String> alpha = source("w-alpha", 3, 1);
            alpha.put("value.converter", "fixture.alpha.AlphaConverter");
            Map<String, String> beta = source("w-beta", 3, 1);
            beta.put("value.converter", "fixture.beta.BetaConverter");
            h.put("alpha", alpha);
            h.put("beta", beta);
            assertThat(PipelineFixtures.readAll(cluster, "w-alpha", 1, 3))
                    .extracting(r -> PipelineFixtures.text(r.value()))
                    .containsOnly("v1");
            assertThat(PipelineFixtures.readAll(cluster, "w-beta", 1, 3))
                    .extracting(r -> PipelineFixtures.text(r.value()))
                    .containsOnly("v2");
        }
    }

    private static Map<String, String> hostileConfig(String connectorClass, String key, String method) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", connectorClass);
        c.put("topic", "w-hostile");
        c.put("topics", "w-hostile");
        c.put("out", "/dev/null");
        c.put("records", "-1");
        c.put(key, method);
        return c;
    }

    private static void hostile(WorkerHarness h, String name, String connectorClass, String key, String method)
            throws Exception {
        h.put(name, hostileConfig(connectorClass, key, method));
    }

    private static void assertStuck(Status status, String stage) {
        assertThat(status.note()).hasValueSatisfying(note -> {
            assertThat(note).contains("stuck in " + stage);
            assertThat(note).contains("Hostility.blockForever");
        });
    }
}
