package io.kanal.runtime.store.kafka;

import io.kanal.client.admin.AdminOperations;
import io.kanal.client.admin.ConfigEntry;
import io.kanal.client.admin.ConfigResource;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.admin.TopicDescription;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.RetriableException;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaStoreSettings.TopicSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an internal topic when it is missing and checks an existing one, as Connect's {@code TopicAdmin} does:
 * internal topics must be compacted ({@code cleanup.policy=compact} and nothing else), otherwise old configs, offsets
 * and statuses would be deleted by retention; the config topic must have one partition, otherwise its records lose
 * their order. Stateless; callable from any thread.
 */
final class InternalTopics {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopics.class);

    private InternalTopics() {}

    /**
     * Makes sure the topic exists and may be used.
     *
     * @param admin an admin client
     * @param property the worker property that names the topic, for messages
     * @param topic the topic's settings
     * @param singlePartition whether the topic must have exactly one partition (the config topic)
     * @param timeout how long each admin call may take
     * @return the topic's partition count
     * @throws StoreException when the topic cannot be created or described, or is not usable
     */
    static int ensure(
            AdminOperations admin, String property, TopicSettings topic, boolean singlePartition, Duration timeout) {
        NewTopic spec = new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor(), Map.of())
                .withConfigs(Map.of("cleanup.policy", "compact"));
        var created = await(admin.createTopics(List.of(spec), false), topic.name(), "create", timeout);
        Optional<KafkaException> error = created.error(topic.name());
        if (error.isPresent()
                && error.get()
                        .error()
                        .filter(e -> e == Errors.TOPIC_ALREADY_EXISTS)
                        .isEmpty()) {
            throw new StoreException(
                    "Unable to create topic '" + topic.name() + "' supplied via the '" + property + "' property: "
                            + error.get().getMessage(),
                    error.get());
        }
        if (error.isEmpty()) {
            LOG.info(
                    "Created topic '{}' ({}) with {} partitions, replication factor {}, cleanup.policy=compact",
                    topic.name(),
                    property,
                    topic.partitions(),
                    topic.replicationFactor());
        }
        int partitions = describe(admin, property, topic.name(), timeout);
        if (singlePartition && partitions != 1) {
            throw new StoreException("Topic '" + topic.name() + "' supplied via the '" + property
                    + "' property is required to have a single partition in order to guarantee consistency of"
                    + " connector configurations, but found " + partitions + " partitions.");
        }
        return partitions;
    }

    /**
     * Checks the topic's cleanup policy and counts its partitions. A topic another worker has just created may be
     * unknown for a moment to the broker asked (metadata reaches every broker shortly after the create): a retriable
     * error is retried every 100 ms until the timeout.
     */
    private static int describe(AdminOperations admin, String property, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                checkCompacted(admin, property, topic, timeout);
                TopicDescription description = await(admin.describeTopics(List.of(topic)), topic, "describe", timeout)
                        .get(topic);
                return description.partitions().size();
            } catch (RetriableException | StoreException e) {
                boolean retriable = e instanceof RetriableException || e.getCause() instanceof RetriableException;
                if (!retriable || System.nanoTime() > deadline) {
                    throw e instanceof StoreException store
                            ? store
                            : new StoreException("Could not describe topic '" + topic + "': " + e.getMessage(), e);
                }
                LOG.debug("Topic '{}' not known to the broker yet ({}); retrying", topic, e.getMessage());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Interrupted while describing topic '" + topic + "'", e);
            }
        }
    }

    private static void checkCompacted(AdminOperations admin, String property, String topic, Duration timeout) {
        ConfigResource resource = ConfigResource.topic(topic);
        Map<String, ConfigEntry> configs;
        try {
            configs = await(admin.describeConfigs(List.of(resource)), topic, "describe the configs of", timeout)
                    .get(resource);
        } catch (AuthorizationException e) {
            // as Connect: a worker may use topics it is not allowed to describe; it then trusts the operator
            LOG.warn(
                    "Cannot check that topic '{}' ({}) is compacted: not authorized to describe its configs",
                    topic,
                    property);
            return;
        }
        ConfigEntry policy = configs.get("cleanup.policy");
        String value = policy == null || policy.value() == null ? "delete" : policy.value();
        Set<String> policies = Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (!policies.equals(Set.of("compact"))) {
            throw new StoreException("Topic '" + topic + "' supplied via the '" + property
                    + "' property is required to have 'cleanup.policy=compact' to guarantee consistency and"
                    + " durability, but found the topic currently has 'cleanup.policy=" + value
                    + "'. Continuing would likely result in eventually losing data and problems restarting this"
                    + " Connect cluster in the future. Change the '" + property + "' property in the worker"
                    + " configuration to use a topic with 'cleanup.policy=compact'.");
        }
    }

    private static <T> T await(CompletableFuture<T> future, String topic, String action, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while trying to " + action + " topic '" + topic + "'", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException auth) {
                throw auth;
            }
            throw new StoreException(
                    "Could not " + action + " topic '" + topic + "': "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StoreException(
                    "Timed out after " + timeout.toMillis() + " ms trying to " + action + " topic '" + topic + "'", e);
        }
    }
}
