package io.kanal.client.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.producer.RecordMetadata;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Many clients on one {@link ClientResources} against a real broker. */
@WithKafkaCluster
class ClientResourcesIT {
    private static final int CLIENTS = 40;

    private static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
        return names;
    }

    private static Set<String> privateClientThreads() {
        Set<String> names = threadNames();
        names.removeIf(n -> !n.startsWith("kanal-client-"));
        return names;
    }

    @Test
    void manyProducersAndConsumersShareAFewThreadsAndEveryRecordArrives(KafkaCluster cluster) throws Exception {
        String topic = "shared-resources";
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(NewTopic.of(topic, CLIENTS, 1)), false)
                    .get()
                    .orThrow();
        }
        Map<String, Object> common = Map.of("bootstrap.servers", cluster.bootstrapServers());
        try (ClientResources resources = ClientResources.builder()
                .name("it")
                .ioThreads(2)
                .loopThreads(2)
                .callbackThreads(1)
                .build()) {
            Set<String> privateBefore = privateClientThreads();
            List<Producer<String, String>> producers = new ArrayList<>();
            List<Consumer<String, String>> consumers = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    producers.add(Producer.create(common, new StringSerializer(), new StringSerializer(), resources));
                    Consumer<String, String> c = Consumer.create(
                            Map.of("bootstrap.servers", cluster.bootstrapServers(), "auto.offset.reset", "earliest"),
                            new StringDeserializer(),
                            new StringDeserializer(),
                            resources);
                    c.assign(List.of(new TopicPartition(topic, i)));
                    consumers.add(c);
                }
                List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
                Map<Integer, List<String>> callbackOrder = new ConcurrentHashMap<>();
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < CLIENTS; i++) {
                        int partition = i;
                        String value = i + "-" + round;
                        acks.add(producers.get(i).send(new ProducerRecord<>(topic, i, null, null, value, List.of())));
                        producers
                                .get(i)
                                .send(
                                        new ProducerRecord<>(topic, i, null, null, value + "-cb", List.of()),
                                        (m, e) -> callbackOrder
                                                .computeIfAbsent(partition, p -> new ArrayList<>())
                                                .add(e == null ? value : "failed " + e));
                    }
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
                Map<Integer, List<String>> received = new ConcurrentHashMap<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (int i = 0; i < CLIENTS; i++) {
                        for (ConsumerRecord<String, String> r : consumers.get(i).poll(Duration.ZERO)) {
                            received.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                                    .add(r.value());
                        }
                    }
                    return received.values().stream().mapToInt(List::size).sum() == CLIENTS * 10;
                });
                for (int i = 0; i < CLIENTS; i++) {
                    List<String> expected = new ArrayList<>();
                    List<String> expectedCallbacks = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        expected.add(i + "-" + round);
                        expected.add(i + "-" + round + "-cb");
                        expectedCallbacks.add(i + "-" + round);
                    }
                    assertThat(received.get(i)).as("partition %d, in order", i).isEqualTo(expected);
                    int p = i;
                    await().atMost(Duration.ofSeconds(10))
                            .until(() ->
                                    callbackOrder.getOrDefault(p, List.of()).size() == 5);
                    assertThat(callbackOrder.get(i))
                            .as("callbacks of partition %d in send order", i)
                            .isEqualTo(expectedCallbacks);
                }
                assertThat(threadNames().stream().filter(n -> n.matches("kanal-[a-z]+-it(-[0-9]+)?")))
                        .as("the clients' threads are the resources' threads")
                        .containsExactlyInAnyOrder(
                                "kanal-io-it-0",
                                "kanal-io-it-1",
                                "kanal-loop-it-1",
                                "kanal-loop-it-2",
                                "kanal-callback-it-1");
                assertThat(privateClientThreads())
                        .as("no client made threads of its own")
                        .isEqualTo(privateBefore);
            } finally {
                producers.forEach(p -> p.close(Duration.ofSeconds(5)));
                consumers.forEach(c -> c.close(Duration.ofSeconds(5)));
            }
            // Closing the clients leaves the resources working for new ones.
            try (Producer<String, String> late =
                    Producer.create(common, new StringSerializer(), new StringSerializer(), resources)) {
                assertThat(late.send(new ProducerRecord<>(topic, 0, null, null, "late", List.of()))
                                .get()
                                .offset())
                        .isEqualTo(10);
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> threadNames().stream().noneMatch(n -> n.matches("kanal-[a-z]+-it(-[0-9]+)?")));
    }

    @Test
    void closingTheResourcesUnderAnOpenClientFailsItsWorkInsteadOfHangingIt(KafkaCluster cluster) {
        ClientResources resources = ClientResources.builder().name("closing").build();
        Producer<String, String> producer = Producer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "max.block.ms", 2_000),
                new StringSerializer(),
                new StringSerializer(),
                resources);
        resources.close();
        CompletableFuture<RecordMetadata> sent =
                producer.send(new ProducerRecord<>("anything", 0, null, null, "x", List.of()));
        assertThat(sent)
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(KafkaException.class);
        producer.close(Duration.ofSeconds(5));
    }
}
