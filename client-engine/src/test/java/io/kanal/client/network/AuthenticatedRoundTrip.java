package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.client.serialization.StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The round trip the secured-listener tests share: produce records with a login, then consume them all back. */
final class AuthenticatedRoundTrip {
    private AuthenticatedRoundTrip() {}

    /**
     * Produces {@code count} records to partition 0 of {@code topic}, checks that the producer logged in, and reads
     * them back in order with a consumer of the same settings.
     *
     * @param settings the client settings, security included
     * @param topic an existing single-partition topic
     * @param count how many records
     * @throws Exception when a send or the wait fails
     */
    static void produceAndConsume(Map<String, Object> settings, String topic, int count) throws Exception {
        try (Producer<String, String> producer =
                Producer.create(settings, new StringSerializer(), new StringSerializer())) {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(ProducerRecord.of(topic, "k" + i, "v" + i)));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(producer.metrics().counter("network.authentications").getCount())
                    .isPositive();
        }
        Map<String, Object> config = new HashMap<>(settings);
        config.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer =
                Consumer.create(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < count) {
                assertThat(System.nanoTime()).as("all records consumed in time").isLessThan(deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values).hasSize(count).startsWith("v0", "v1").endsWith("v" + (count - 1));
    }
}
