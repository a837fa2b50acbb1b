package io.kanal.runtime.task;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.errors.KafkaException;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Creates a source task's topics before their first record (KIP-158), through the task's admin client: a topic that
 * exists already is fine; any other failure fails the task, as in Connect.
 *
 * <p>Owned by the task thread (the set of topics seen is not shared).
 */
public final class SourceTopics {

    private final TopicCreation settings;
    private final AdminClient admin;
    private final Duration timeout;
    private final Redactor redactor;
    private final Set<String> seen = new HashSet<>();

    /**
     * Creates the helper.
     *
     * @param settings the connector's topic creation settings
     * @param admin the task's admin client, owned by the task runner
     * @param timeout how long one creation may take
     * @param redactor masks secrets in errors
     */
    public SourceTopics(TopicCreation settings, AdminClient admin, Duration timeout, Redactor redactor) {
        this.settings = settings;
        this.admin = admin;
        this.timeout = timeout;
        this.redactor = redactor;
    }

    /**
     * Makes sure a topic exists, creating it with its group's settings the first time it is seen.
     *
     * @param topic the topic
     * @throws TaskFailedException when it could not be created
     */
    void ensure(String topic) {
        if (seen.contains(topic)) {
            return;
        }
        try {
            Optional<KafkaException> error = TopicCreator.create(admin, settings.newTopic(topic), timeout);
            if (error.isPresent()) {
                throw failed(topic, error.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while creating topic " + topic);
        } catch (ExecutionException e) {
            throw failed(topic, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failed(topic, e);
        }
        seen.add(topic);
    }

    private TaskFailedException failed(String topic, Throwable cause) {
        return new TaskFailedException(
                StageError.of(Stage.KAFKA_PRODUCE, cause, redactor).at(topic, null, null), cause);
    }
}
