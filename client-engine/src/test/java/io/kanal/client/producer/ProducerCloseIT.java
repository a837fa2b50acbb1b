package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing a producer from its own callback, and closing the resources under an open producer: nothing hangs. */
@WithKafkaCluster
class ProducerCloseIT {
    private static void topic(KafkaCluster cluster, String name) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(NewTopic.of(name, 1, 1)), false).get().orThrow();
        }
    }

    @Test
    void closingFromItsOwnCallbackCompletesEveryRecordAndReleasesItsThreads(KafkaCluster cluster) throws Exception {
        topic(cluster, "close-in-callback");
        Producer<String, String> producer = Producer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "client.id", "closes-itself", "linger.ms", 50),
                new StringSerializer(),
                new StringSerializer());
        // The first record warms the metadata; the callback of the second closes the producer while others wait.
        producer.send(ProducerRecord.of("close-in-callback", "first")).get(30, TimeUnit.SECONDS);
        CountDownLatch closedInCallback = new CountDownLatch(1);
        producer.send(ProducerRecord.of("close-in-callback", "closer"), (metadata, error) -> {
            producer.close(Duration.ofSeconds(30));
            closedInCallback.countDown();
        });
        List<CompletableFuture<RecordMetadata>> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(producer.send(ProducerRecord.of("close-in-callback", "later-" + i)));
        }
        assertThat(closedInCallback.await(30, TimeUnit.SECONDS))
                .as("close() from the callback returned")
                .isTrue();
        // Every record completes: sent before the close took effect, or failed by it.
        for (CompletableFuture<RecordMetadata> f : later) {
            await().atMost(Duration.ofSeconds(30)).until(f::isDone);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().endsWith("closes-itself")));
    }

    @Test
    void closingTheResourcesUnderAnOpenProducerFailsItsLingeringRecordAndItsCloseReturns(KafkaCluster cluster)
            throws Exception {
        topic(cluster, "resources-gone");
        ClientResources resources = ClientResources.builder().name("gone").build();
        Producer<String, String> producer = Producer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "linger.ms", 60_000, "batch.size", 1_000_000),
                new StringSerializer(),
                new StringSerializer(),
                resources);
        producer.partitionsFor("resources-gone");
        CompletableFuture<RecordMetadata> lingering = producer.send(ProducerRecord.of("resources-gone", "waiting"));
        resources.close();
        assertThat(lingering)
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ClientClosedException.class);
        long start = System.nanoTime();
        producer.close(Duration.ofSeconds(60));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("close() does not wait for a loop that can no longer run")
                .isLessThan(10_000);
    }
}
