package io.kanal.testkit.worker;

import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/** Waits shared by the ITs that run a {@link KanalWorkerGroup}. */
final class GroupAwaits {

    /** How often the group's REST API is asked again. */
    static final Duration POLL = Duration.ofMillis(200);

    private GroupAwaits() {}

    /**
     * Waits until every connector and its tasks are RUNNING on live workers, as the group's REST API reports. A worker
     * that does not answer (it was just killed or is restarting) is asked again at the next poll.
     *
     * @param group the workers
     * @param connectors each connector's name and task count
     * @param wait how long to wait at most
     */
    static void awaitRunning(KanalWorkerGroup group, Map<String, Integer> connectors, Duration wait) {
        await(connectors + " RUNNING on live workers")
                .atMost(wait)
                .pollInterval(POLL)
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> group.ownership().allRunningOn(connectors, group.liveIds()));
    }
}
