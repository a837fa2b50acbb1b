package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderCommand;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExactlyOnceFencingTest {

    private static Assignment owning(ConnectorTaskId... tasks) {
        return new Assignment(false, Set.of(), Set.of(tasks));
    }

    /** A worker's fencing whose config topic is {@code topic}; no round runs in these tests. */
    private static ExactlyOnceFencing fencing(FencingTopic topic, Assignment owned) {
        ZombieFencing.Cluster cluster = new ZombieFencing.Cluster() {
            @Override
            public ConfigSnapshot readToEnd() {
                return topic.snapshot();
            }

            @Override
            public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> ids) {
                throw new UnsupportedOperationException("no round in this test");
            }

            @Override
            public void putTaskCountRecord(String connector, int taskCount) {
                throw new UnsupportedOperationException("no round in this test");
            }
        };
        return new ExactlyOnceFencing(
                cluster,
                () -> "g",
                "w1",
                () -> {
                    throw new UnsupportedOperationException("no round in this test");
                },
                "HmacSHA256",
                Duration.ofSeconds(1),
                () -> owned);
    }

    private static HerderCommand.StartTask start(ConnectorTaskId id, int taskConfigGeneration) {
        return new HerderCommand.StartTask(
                id, 1, Map.of(), Map.of("n", "0"), TargetState.RUNNING, taskConfigGeneration);
    }

    @Test
    void aTaskBuiltFromAnOlderGenerationThanTheStoresNewestMustNotRunThoughTheStoreHadItWhenTheTaskWasBuilt() {
        ConnectorTaskId id = new ConnectorTaskId("c", 0);
        FencingTopic topic = new FencingTopic().connector("c").tasks("c", 1);
        int herders = FencingPlan.generation(topic.snapshot(), "c");
        topic.tasks("c", 1); // the store applied the next generation; the herder has not read it yet
        try (ExactlyOnceFencing fencing = fencing(topic, owning(id))) {
            List<HerderCommand> executed = new ArrayList<>();
            fencing.recording(executed::add).execute(start(id, herders));
            TaskFencing.Steps steps = fencing.forTask(Owner.task("c", 0));

            assertThat(executed).hasSize(1); // the worker still gets the command
            assertThatThrownBy(() -> steps.afterInit().run())
                    .isInstanceOf(TaskGenerationChangedException.class)
                    .hasMessageContaining("generation " + herders + ") were replaced by generation " + (herders + 1));
        }
    }

    @Test
    void aTaskBuiltFromTheStoresNewestGenerationRuns() {
        ConnectorTaskId id = new ConnectorTaskId("c", 0);
        FencingTopic topic = new FencingTopic().connector("c").tasks("c", 1).tasks("c", 1);
        try (ExactlyOnceFencing fencing = fencing(topic, owning(id))) {
            fencing.recording(c -> {}).execute(start(id, FencingPlan.generation(topic.snapshot(), "c")));
            TaskFencing.Steps steps = fencing.forTask(Owner.task("c", 0));

            steps.afterInit().run(); // does not throw
        }
    }

    @Test
    void aTaskWhoseStartWasNotSeenMustNotRun() {
        ConnectorTaskId id = new ConnectorTaskId("c", 0);
        FencingTopic topic = new FencingTopic().connector("c").tasks("c", 1);
        try (ExactlyOnceFencing fencing = fencing(topic, owning(id))) {
            TaskFencing.Steps steps = fencing.forTask(Owner.task("c", 0));

            assertThatThrownBy(() -> steps.afterInit().run())
                    .isInstanceOf(TaskGenerationChangedException.class)
                    .hasMessageContaining("not known");
        }
    }

    @Test
    void aTaskOfTheNewestGenerationAssignedHereMayRun() {
        ConfigSnapshot now = new FencingTopic().connector("c").tasks("c", 3).snapshot();
        int generation = FencingPlan.generation(now, "c");

        assertThat(ExactlyOnceFencing.problem(now, owning(new ConnectorTaskId("c", 2)), Owner.task("c", 2), generation))
                .isEmpty();
    }

    @Test
    void aTaskWhoseGenerationWasReplacedWhileItTookItsIdMustNotRun() {
        FencingTopic topic = new FencingTopic().connector("c").tasks("c", 3);
        int generation = FencingPlan.generation(topic.snapshot(), "c");
        ConfigSnapshot now = topic.tasks("c", 1).snapshot();

        assertThat(ExactlyOnceFencing.problem(now, owning(new ConnectorTaskId("c", 2)), Owner.task("c", 2), generation))
                .hasValueSatisfying(p -> assertThat(p).contains("replaced by generation"));
    }

    @Test
    void aTaskBeyondTheCurrentCountOrNoLongerAssignedHereMustNotRun() {
        ConfigSnapshot now = new FencingTopic().connector("c").tasks("c", 1).snapshot();
        int generation = FencingPlan.generation(now, "c");

        assertThat(ExactlyOnceFencing.problem(now, owning(new ConnectorTaskId("c", 1)), Owner.task("c", 1), generation))
                .hasValueSatisfying(p -> assertThat(p).contains("has 1 tasks now"));
        assertThat(ExactlyOnceFencing.problem(now, owning(), Owner.task("c", 0), generation))
                .hasValueSatisfying(p -> assertThat(p).contains("no longer assigned"));
    }

    @Test
    void aFollowerIsToldToRetryWhenTheLeaderLostTheConfigTopicOrIsStoppingAndNotWhenTheRoundFailed() {
        assertThat(ExactlyOnceFencing.answer(new NotConfigLeaderException("not the leader")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.CONFLICT));
        assertThat(ExactlyOnceFencing.answer(ZombieFencingException.stopping("c")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.UNAVAILABLE));
        assertThat(ExactlyOnceFencing.answer(new ZombieFencingException("not authorized", true, null)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.INTERNAL));
        assertThat(ExactlyOnceFencing.answer(new StoreException("config topic unreadable")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.INTERNAL));
    }
}
