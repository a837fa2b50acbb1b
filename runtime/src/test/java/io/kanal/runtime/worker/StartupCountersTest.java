package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.StatusError;
import org.junit.jupiter.api.Test;

class StartupCountersTest {

    private static final StatusError BOOM = StatusError.of("start", "E", "boom");

    @Test
    void anAttemptEndsOnceAsSuccessOrFailureOfItsOwnGeneration() {
        StartupCounters counters = new StartupCounters();
        ConnectorTaskId t0 = new ConnectorTaskId("c", 0);

        counters.connectorStarting("c", 1);
        counters.observe(new HerderEvent.ConnectorStarted("c", 1));
        counters.observe(new HerderEvent.ConnectorFailed("c", 1, BOOM)); // failed later: not a start-up failure
        counters.connectorStarting("c", 2);
        counters.observe(new HerderEvent.ConnectorFailed("c", 2, BOOM));
        counters.connectorStarting("c", 3);
        counters.observe(new HerderEvent.ConnectorStopped("c", 3)); // stopped before it started: neither

        counters.taskStarting(t0, 1);
        counters.observe(new HerderEvent.TaskStarted(t0, 0)); // an older generation: ignored
        counters.observe(new HerderEvent.TaskFailed(t0, 1, BOOM));
        counters.taskStarting(t0, 2);
        counters.observe(new HerderEvent.TaskStarted(t0, 2));

        assertThat(counters.snapshot()).isEqualTo(new StartupCounters.Snapshot(3, 1, 1, 2, 1, 1));
    }
}
