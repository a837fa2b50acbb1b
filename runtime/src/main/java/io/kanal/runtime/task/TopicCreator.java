package io.kanal.runtime.task;

import io.kanal.client.admin.AdminOperations;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates one topic and treats "it exists already" as success, for the topics the runtime makes on a task's behalf
 * (dead letter queues, source topics). Stateless; callable from any thread.
 */
final class TopicCreator {

    private TopicCreator() {}

    /**
     * Asks for the topic and waits for the broker's answer.
     *
     * @param admin an admin client
     * @param topic the topic to create
     * @param timeout how long to wait
     * @return the broker's error for the topic, unless there was none or it was only that the topic exists
     * @throws InterruptedException when interrupted while waiting
     * @throws ExecutionException when the request failed as a whole
     * @throws TimeoutException when no answer came in time
     */
    static Optional<KafkaException> create(AdminOperations admin, NewTopic topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        var result = admin.createTopics(List.of(topic), false).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result.error(topic.name()).filter(e -> e.error()
                .filter(code -> code == Errors.TOPIC_ALREADY_EXISTS)
                .isEmpty());
    }
}
