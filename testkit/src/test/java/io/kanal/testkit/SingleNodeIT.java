package io.kanal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SingleNodeIT {
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.builder().name("SingleNodeIT").build().start();
    }

    @AfterAll
    static void closeCluster() {
        cluster.close();
    }

    @Test
    void acceptsProduceAndConsume() throws Exception {
        Clients.createTopic(cluster, "greetings", 2, (short) 1, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(cluster, Map.of())) {
            for (int i = 0; i < 10; i++) {
                Clients.send(producer, "greetings", "k" + i, "hello-" + i);
            }
        }
        List<String> values = Clients.consumeValues(cluster, "greetings", "greeters", 10);
        assertThat(values).hasSize(10).contains("hello-0", "hello-9");
    }
}
