package io.kanal.testkit.worker;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once source (KIP-618) through four rounds of rolling restarts of 3 Kanal distributed workers, each a child
 * process, on a 3-node cluster: three datagen sequence sources with {@code exactly.once.support=required} and 3 tasks
 * each, one per transaction boundary ({@code interval}, {@code poll}, {@code connector}), running side by side through
 * the same rounds. Round 1 stops each worker cleanly (SIGTERM) and waits until every task runs again before the next;
 * round 2 does the same with SIGKILL, so the victim's transactions are open when it dies; rounds 3 (SIGTERM) and 4
 * (SIGKILL) restart the workers back to back, the next one stopped as soon as the previous one is healthy, so that
 * rebalances, fencing and transactions of several generations overlap.
 *
 * <p>A {@code read_committed} reader then sees every sequence number of every task exactly once, from 0 up to the
 * task's final count, except, for the {@code connector} boundary, the numbers of the transactions the connector itself
 * aborts (datagen's {@code transaction.records} blocks, every {@code transaction.abort.every}-th aborted by number):
 * none of those, ever, while a {@code read_uncommitted} reader shows that they were written.
 */
@WithKafkaCluster(nodes = 3)
class ExactlyOnceRollingRestartsIT {

    /** The boundaries, one connector (and topic, {@code eos-rolling-<boundary>}) each. */
    private static final List<String> BOUNDARIES = List.of("interval", "poll", "connector");

    private ExactlyOnceSources sources;

    @AfterEach
    void stopWorkers() {
        if (sources != null) {
            sources.close();
        }
    }

    /** How a round takes a worker down. */
    private enum Stop {
        CLEAN,
        HARD
    }

    @Test
    void everySequenceNumberIsCommittedOnceThroughFourRoundsOfRollingRestarts(KafkaCluster kafka) throws Exception {
        sources = ExactlyOnceSources.start(kafka, "eos-rolling", BOUNDARIES);

        round(1, Stop.CLEAN, true);
        round(2, Stop.HARD, true);
        round(3, Stop.CLEAN, false);
        round(4, Stop.HARD, false);

        // Quiesce: paused, then every worker stopped cleanly, so no transaction of the connectors is left open.
        sources.quiesce();
        for (String boundary : BOUNDARIES) {
            sources.checkTopic(boundary, ExactlyOnceSources.RATE * 8L);
        }
    }

    /**
     * Restarts each worker in turn. With {@code settle}, waits after each restart until every task runs and has
     * committed more; without, stops the next worker as soon as the previous one answers its health check.
     */
    private void round(int round, Stop how, boolean settle) {
        long t0 = sources.millis();
        for (KanalDistributedWorker w : sources.group().all()) {
            long before = settle ? sources.lowestHighest() : -1;
            if (how == Stop.CLEAN) {
                w.stop();
            } else {
                w.kill();
            }
            w.start();
            if (settle) {
                sources.awaitRunning();
                sources.awaitProgress(before + ExactlyOnceSources.RATE / 2);
            }
        }
        if (!settle) {
            sources.awaitRunning();
        }
        sources.awaitProgress(sources.lowestHighest() + ExactlyOnceSources.RATE / 2);
        sources.log(
                "round %d (%s, %s): done in %d ms",
                round, how, settle ? "settled" : "back to back", sources.millis() - t0);
    }
}
