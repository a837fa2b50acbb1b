package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.api.source.RecordMetadata;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.api.source.TransactionContext;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.worker.ConnectorOffsets;
import io.kanal.runtime.worker.WorkerResources;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once source tasks (KIP-618) through the real task factory and pipeline on a real broker: the records and
 * the task's offsets commit in one transaction; a {@code read_committed} reader of the topic sees each sequence number
 * once, across a new generation of the task that fences the previous one in the middle of its transaction, and never
 * sees the records of transactions the connector aborted.
 */
@WithKafkaCluster
class ExactlyOnceSourceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private PluginInvoker invoker;
    private WorkerResources clients;
    private KafkaOffsetStore offsets;
    private Map<String, String> workerConfig;

    @BeforeEach
    void setUp(KafkaCluster cluster) {
        invoker = PluginInvoker.builder().build();
        invoker.start();
        workerConfig = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "eos-it",
                "config.storage.topic", "eos-it-configs",
                "offset.storage.topic", "eos-it-offsets",
                "status.storage.topic", "eos-it-status",
                "offset.storage.replication.factor", "1",
                "offset.flush.interval.ms", "200",
                "exactly.once.source.support", "enabled");
        clients = new WorkerResources("eos-it", workerConfig);
        offsets = new KafkaOffsetStore(KafkaStoreSettings.from(workerConfig), null);
        offsets.start();
    }

    @AfterEach
    void tearDown() {
        offsets.close();
        clients.close();
        invoker.stop();
    }

    private TaskRunner runner(String connector, SourceTask task, Map<String, String> connectorConfig) {
        return ExactlyOnceFixtures.sourceRunner(
                invoker,
                clients,
                workerConfig,
                connector,
                task,
                connectorConfig,
                new ConnectorOffsets(offsets, connector));
    }

    private long committedSeq(String connector) {
        offsets.readToEnd(WAIT);
        return offsets.offset(connector, Map.of("task", 0))
                .map(o -> ((Number) o.get("seq")).longValue())
                .orElse(-1L);
    }

    @Test
    void aNewGenerationFencesTheOldOneMidTransactionAndEveryRecordIsThereOnce(KafkaCluster cluster) throws Exception {
        String topic = "eos-fenced";
        PipelineFixtures.createTopic(cluster, topic, 1);
        int limit = 6_000;
        Map<String, String> config =
                Map.of("transaction.boundary", "interval", "transaction.boundary.interval.ms", "300");
        TaskRunner first = runner(topic, new ExactlyOnceFixtures.Sequence(topic, limit, 10, (t, r) -> {}), config);
        first.start();
        await("the first generation committed some").atMost(WAIT).until(() -> committedSeq(topic) >= 500);

        // The first generation goes on writing (a zombie: its worker lost the task but not its process); the second
        // takes the task's transactional id, which fences the first and aborts its open transaction.
        TaskRunner second = runner(topic, new ExactlyOnceFixtures.Sequence(topic, limit, 10, (t, r) -> {}), config);
        second.start();
        await("the zombie is fenced").atMost(WAIT).until(() -> first.taskState() == TaskRunner.State.FAILED);
        assertThat(first.failure().summary()).containsIgnoringCase("fenced");
        await("the second generation wrote everything").atMost(WAIT).until(() -> committedSeq(topic) == limit - 1);
        second.stop();
        assertThat(second.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        first.stop();

        TreeMap<Long, Integer> committed = ExactlyOnceFixtures.read(cluster, topic, "read_committed");
        assertThat(committed).hasSize(limit);
        assertThat(committed.firstKey()).isZero();
        assertThat(committed.lastKey()).isEqualTo(limit - 1);
        assertThat(committed.values()).as("copies per sequence number").containsOnly(1);
        TreeMap<Long, Integer> all = ExactlyOnceFixtures.read(cluster, topic, "read_uncommitted");
        System.out.printf(
                "[eos] fenced: %d sequence numbers once each to read_committed; %d records in the log in all%n",
                committed.size(),
                all.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void thePollBoundaryCommitsEachBatchAndACleanRestartResumesRightAfterIt(KafkaCluster cluster) throws Exception {
        String topic = "eos-poll";
        PipelineFixtures.createTopic(cluster, topic, 1);
        int limit = 3_000;
        TaskRunner first = runner(topic, new ExactlyOnceFixtures.Sequence(topic, limit, 7, (t, r) -> {}), Map.of());
        first.start();
        await("the first run committed some").atMost(WAIT).until(() -> committedSeq(topic) >= 1_000);
        first.stop();
        assertThat(first.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        long stoppedAt = committedSeq(topic);

        TaskRunner second = runner(topic, new ExactlyOnceFixtures.Sequence(topic, limit, 7, (t, r) -> {}), Map.of());
        second.start();
        await("the second run wrote the rest").atMost(WAIT).until(() -> committedSeq(topic) == limit - 1);
        second.stop();

        TreeMap<Long, Integer> committed = ExactlyOnceFixtures.read(cluster, topic, "read_committed");
        assertThat(committed.keySet()).hasSize(limit).first().isEqualTo(0L);
        assertThat(committed.lastKey()).isEqualTo(limit - 1);
        assertThat(committed.values()).containsOnly(1);
        // A clean stop commits its last batch: nothing was aborted, so the log holds each record once too.
        TreeMap<Long, Integer> all = ExactlyOnceFixtures.read(cluster, topic, "read_uncommitted");
        assertThat(all.values()).as("records in the log per sequence number").containsOnly(1);
        assertThat(stoppedAt).isBetween(1_000L, limit - 1L);
    }

    @Test
    void eachBatchCommitsBeforeTheNextPollAndCommitRecordFollowsTheCommit(KafkaCluster cluster) throws Exception {
        String topic = "eos-commit-record";
        PipelineFixtures.createTopic(cluster, topic, 1);
        int limit = 400;
        int batch = 20;
        // At each poll, how many commitRecord calls the task had seen: with the poll boundary, batch k's transaction
        // is committed, and commitRecord called for its records, before poll k+1.
        List<Integer> commitRecordsAtPoll = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger commitRecords = new java.util.concurrent.atomic.AtomicInteger();
        SourceTask task = new ExactlyOnceFixtures.Sequence(topic, limit, batch, (t, r) -> {}) {
            @Override
            public List<SourceRecord> poll() throws InterruptedException {
                int seen = commitRecords.get();
                List<SourceRecord> out = super.poll();
                if (!out.isEmpty()) {
                    commitRecordsAtPoll.add(seen);
                }
                return out;
            }

            @Override
            public void commitRecord(SourceRecord record, RecordMetadata metadata) {
                if (metadata != null) { // a committed record has its metadata; one without is not counted
                    commitRecords.incrementAndGet();
                }
            }
        };
        TaskRunner runner = runner(topic, task, Map.of());
        runner.start();
        await("every batch committed").atMost(WAIT).until(() -> committedSeq(topic) == limit - 1);
        await("commitRecord for every record").atMost(WAIT).until(() -> commitRecords.get() == limit);
        runner.stop();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);

        assertThat(commitRecordsAtPoll).hasSize(limit / batch);
        for (int k = 0; k < commitRecordsAtPoll.size(); k++) {
            assertThat(commitRecordsAtPoll.get(k))
                    .as("commitRecord calls before poll %d", k + 1)
                    .isEqualTo(k * batch);
        }
        TreeMap<Long, Integer> committed = ExactlyOnceFixtures.read(cluster, topic, "read_committed");
        assertThat(committed).hasSize(limit);
        assertThat(committed.values()).containsOnly(1);
    }

    @Test
    void recordsOfTransactionsTheConnectorAbortsNeverBecomeVisible(KafkaCluster cluster) throws Exception {
        String topic = "eos-connector";
        PipelineFixtures.createTopic(cluster, topic, 1);
        int limit =
                290; // blocks of 10: block k commits when k % 3 == 0, aborts when 1, commits after its 5th record when
        // 2
        BiConsumer<TransactionContext, List<SourceRecord>> control = (t, records) -> {
            long block = ((Number) records.get(0).sourceOffset().get("seq")).longValue() / 10;
            switch ((int) (block % 3)) {
                case 0 -> t.commitTransaction();
                case 1 -> t.abortTransaction();
                default -> t.commitTransaction(records.get(4));
            }
        };
        TaskRunner runner = runner(
                topic,
                new ExactlyOnceFixtures.Sequence(topic, limit, 10, control),
                Map.of("transaction.boundary", "connector"));
        runner.start();
        await("the last committed block").atMost(WAIT).until(() -> committedSeq(topic) == 279);
        runner.stop();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);

        TreeMap<Long, Integer> committed = ExactlyOnceFixtures.read(cluster, topic, "read_committed");
        List<Long> expected = new ArrayList<>();
        for (long seq = 0; seq < limit; seq++) {
            // block 3j+1 is aborted; block 3j+2 commits its first 5, and its last 5 commit with block 3j+3
            if ((seq / 10) % 3 != 1) {
                expected.add(seq);
            }
        }
        assertThat(committed.keySet()).containsExactlyElementsOf(expected);
        assertThat(committed.values()).containsOnly(1);
        assertThat(committedSeq(topic))
                .as("the aborted last block's offsets were dropped")
                .isEqualTo(279);
    }
}
