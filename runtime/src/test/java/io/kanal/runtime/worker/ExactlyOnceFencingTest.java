package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExactlyOnceFencingTest {

    private static Assignment owning(ConnectorTaskId... tasks) {
        return new Assignment(false, Set.of(), Set.of(tasks));
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
