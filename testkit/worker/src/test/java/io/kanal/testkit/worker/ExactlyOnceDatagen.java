package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.testkit.KafkaCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shared pieces of the exactly-once worker ITs that run the datagen connector ({@link StandaloneExactlyOnceIT},
 * {@link ExactlyOnceWorkersIT}, {@link ConnectorOffsetsTopicWorkersIT}, {@link ZombieFencingWorkersIT}, {@link
 * LeaderConfigTransactionsIT}): its config, waiting until every task has committed beyond a sequence number, the
 * checks of a {@code read_committed} tally, and the offsets the REST API reports per task.
 */
final class ExactlyOnceDatagen {

    private ExactlyOnceDatagen() {}

    /**
     * A datagen connector writing string sequence numbers; exactly-once ones require the worker's support and commit a
     * transaction every second.
     *
     * @param topic the topic, also the connector's name in the ITs
     * @param tasks {@code tasks.max}
     * @param rate {@code rate.per.task}
     * @param exactlyOnce whether it requires exactly-once support, with the {@code interval} boundary
     * @return the config, in insertion order, for the caller to add to
     */
    static Map<String, String> connector(String topic, int tasks, int rate, boolean exactlyOnce) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.kanal.plugins.datagen.DatagenConnector");
        c.put("topic", topic);
        c.put("tasks.max", Integer.toString(tasks));
        c.put("schema", "string");
        c.put("rate.per.task", Integer.toString(rate));
        if (exactlyOnce) {
            // required: creating it fails unless the worker has exactly-once support
            c.put("exactly.once.support", "required");
            c.put("transaction.boundary", "interval");
            c.put("transaction.boundary.interval.ms", "1000");
        }
        return c;
    }

    /**
     * The lowest of the tasks' highest sequence numbers a {@code read_committed} reader sees now: a lower bound of what
     * every task has committed.
     */
    static long lowestHighest(KafkaCluster kafka, String topic, int partitions, int tasks) {
        SequenceCheck now = SequenceCheck.read(kafka, topic, partitions, "read_committed");
        long lowest = Long.MAX_VALUE;
        for (int t = 0; t < tasks; t++) {
            lowest = Math.min(lowest, now.highest(t));
        }
        return lowest;
    }

    /** Waits until every task has committed a sequence number beyond {@code beyond}. */
    static void awaitProgress(KafkaCluster kafka, String topic, int partitions, int tasks, long beyond, Duration wait) {
        await("every task commits beyond " + beyond)
                .atMost(wait)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> lowestHighest(kafka, topic, partitions, tasks) > beyond);
    }

    /** Asserts that a tally has no sequence number missing for any task and none twice. */
    static void assertEachOnce(SequenceCheck committed, int tasks) {
        for (int t = 0; t < tasks; t++) {
            assertThat(committed.gaps(t))
                    .as("task %d: sequence numbers missing", t)
                    .isEmpty();
        }
        assertThat(committed.duplicates())
                .as("sequence numbers committed twice")
                .isEmpty();
    }

    /** Task to committed {@code seq}, from {@code GET /connectors/<c>/offsets}, which must answer 200. */
    static Map<Integer, Long> restOffsets(ConnectRest rest, String connector) {
        ConnectRest.Response r = rest.get("connectors/" + connector + "/offsets");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<Integer, Long> out = new TreeMap<>();
        for (JsonNode o : r.json().path("offsets")) {
            out.put(
                    o.path("partition").path("task").asInt(),
                    o.path("offset").path("seq").asLong());
        }
        return out;
    }
}
