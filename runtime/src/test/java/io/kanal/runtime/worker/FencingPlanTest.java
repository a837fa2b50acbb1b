package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FencingPlanTest {

    @Test
    void aConnectorWithoutTaskConfigsNeedsNoRound() {
        FencingPlan plan = FencingPlan.of(new FencingTopic().connector("c").snapshot(), "g", "c");

        assertThat(plan.needed()).isFalse();
        assertThat(plan.fence()).isEmpty();
    }

    @Test
    void theFirstGenerationOnlyWritesTheTaskCountRecord() {
        FencingPlan plan =
                FencingPlan.of(new FencingTopic().connector("c").tasks("c", 3).snapshot(), "g", "c");

        assertThat(plan.fence()).isEmpty();
        assertThat(plan.taskCountRecord()).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void aShrinkFencesEveryIdOfThePreviousGenerationIncludingTheDroppedOnes() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 3, 1);

        FencingPlan plan = FencingPlan.of(topic.snapshot(), "g", "c");

        assertThat(plan.fence()).containsExactly("g-c-0", "g-c-1", "g-c-2");
        assertThat(plan.taskCountRecord()).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void aGrowthFencesThePreviousGenerationOnly() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 2, 4);

        assertThat(FencingPlan.of(topic.snapshot(), "g", "c").fence()).containsExactly("g-c-0", "g-c-1");
    }

    @Test
    void oneTaskToOneTaskOnlyWritesTheRecordAsTheNewTaskFencesItsOwnId() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 1, 1);

        FencingPlan plan = FencingPlan.of(topic.snapshot(), "g", "c");

        assertThat(plan.fence()).isEmpty();
        assertThat(plan.taskCountRecord()).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void aTaskCountRecordAfterTheLastTaskConfigsEndsTheNeed() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 3, 1).taskCountRecord("c", 1);

        assertThat(FencingPlan.of(topic.snapshot(), "g", "c").needed()).isFalse();
    }

    @Test
    void otherConnectorsAreNotConcerned() {
        FencingTopic topic = new FencingTopic().connector("a").connector("b").tasks("a", 2);

        assertThat(FencingPlan.of(topic.snapshot(), "g", "b").needed()).isFalse();
        assertThat(FencingPlan.of(topic.snapshot(), "g", "a").needed()).isTrue();
    }

    @Test
    void transactionalIdsAreNamedAsConnectNamesThem() {
        assertThat(FencingPlan.transactionalId("connect-cluster", "my-src", 7)).isEqualTo("connect-cluster-my-src-7");
        assertThat(new FencingPlan("c", List.of(), OptionalInt.empty()).needed())
                .isFalse();
    }
}
