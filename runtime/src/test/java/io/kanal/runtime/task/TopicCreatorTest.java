package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.admin.AdminOperations;
import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TopicCreatorTest {

    /** An admin whose createTopics answers with the given per-topic errors and no created topics. */
    private static AdminOperations admin(Map<String, KafkaException> errors) {
        return (AdminOperations) Proxy.newProxyInstance(
                AdminOperations.class.getClassLoader(),
                new Class<?>[] {AdminOperations.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createTopics") && args.length == 2) {
                        return CompletableFuture.completedFuture(new BatchResult<>(Map.of(), errors));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Optional<KafkaException> create(Map<String, KafkaException> errors) throws Exception {
        return TopicCreator.create(admin(errors), NewTopic.of("t"), Duration.ofSeconds(1));
    }

    @Test
    void noErrorAndTopicAlreadyExistsAreSuccess() throws Exception {
        assertThat(create(Map.of())).isEmpty();
        assertThat(create(Map.of("t", BrokerErrors.exception(Errors.TOPIC_ALREADY_EXISTS, "exists"))))
                .isEmpty();
    }

    @Test
    void anyOtherBrokerErrorIsReturned() throws Exception {
        KafkaException denied = BrokerErrors.exception(Errors.TOPIC_AUTHORIZATION_FAILED, "denied");
        assertThat(create(Map.of("t", denied))).containsSame(denied);
    }
}
