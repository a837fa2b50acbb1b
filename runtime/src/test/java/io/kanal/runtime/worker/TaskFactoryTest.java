package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigValidationException;
import io.kanal.runtime.task.SinkPipeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskFactoryTest {

    @Test
    void aSinkSubscribesToTopicsOrToAPatternNeverBoth() {
        assertThat(TaskFactory.subscription(Map.of("topics", "a, b,")).topics()).containsExactly("a", "b");
        assertThat(TaskFactory.subscription(Map.of("topics.regex", "x.*"))
                        .pattern()
                        .pattern())
                .isEqualTo("x.*");
        assertThatThrownBy(() -> TaskFactory.subscription(Map.of("topics", "a", "topics.regex", "x.*")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskFactory.subscription(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDeadLetterQueueMustNotBeAConsumedTopic() {
        SinkPipeline.Subscription topics = new SinkPipeline.Subscription(List.of("in", "dlq"), null);
        assertThatThrownBy(() -> TaskFactory.checkDeadLetterTopic("dlq", topics))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("errors.deadletterqueue.topic.name");
        SinkPipeline.Subscription pattern = TaskFactory.subscription(Map.of("topics.regex", "d.*"));
        assertThatThrownBy(() -> TaskFactory.checkDeadLetterTopic("dlq", pattern))
                .isInstanceOf(ConfigValidationException.class);
        TaskFactory.checkDeadLetterTopic("other", topics);
    }

    @Test
    void aTransactionStepMayTakeTheProducersTransactionTimeout() {
        assertThat(TaskFactory.transactionStepTimeout(Map.of())).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(TaskFactory.transactionStepTimeout(Map.of("transaction.timeout.ms", " 15000")))
                .isEqualTo(java.time.Duration.ofSeconds(15));
    }
}
