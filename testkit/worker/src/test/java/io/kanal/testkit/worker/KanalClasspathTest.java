package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Kanal child worker's class path never holds an Apache Kafka jar. */
class KanalClasspathTest {

    @Test
    void dropsApacheKafkaJarsAndKeepsTheRest() {
        String m2 = "/root/.m2/repository/";
        List<String> entries = List.of(
                "/work/main/runtime/target/classes",
                m2 + "org/apache/kafka/kafka-clients/4.4.0/kafka-clients-4.4.0.jar",
                m2 + "org/apache/kafka/connect-runtime/4.4.0/connect-runtime-4.4.0.jar",
                "/opt/kafka/libs/kafka-clients-4.3.1.jar",
                "/opt/kafka/libs/connect-api-4.3.1.jar",
                "/opt/kafka/libs/kafka_2.13-4.3.1.jar",
                m2 + "com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar",
                m2 + "io/kanal/kanal-plugin-api/0.1.0-SNAPSHOT/kanal-plugin-api-0.1.0-SNAPSHOT.jar");
        assertThat(KanalClasspath.of(entries).split(File.pathSeparator))
                .containsExactly(
                        "/work/main/runtime/target/classes",
                        m2 + "com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar",
                        m2 + "io/kanal/kanal-plugin-api/0.1.0-SNAPSHOT/kanal-plugin-api-0.1.0-SNAPSHOT.jar");
    }

    @Test
    void theTestJvmsClassPathLeavesKanalsCommandLineAndNoKafkaJar() {
        List<String> kept = List.of(KanalClasspath.ofTestJvm().split(File.pathSeparator));
        assertThat(kept).noneMatch(KanalClasspath::isApacheKafka);
        assertThat(kept).anyMatch(e -> e.contains("cli"));
    }
}
