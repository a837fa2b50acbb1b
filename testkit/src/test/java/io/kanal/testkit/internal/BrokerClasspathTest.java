package io.kanal.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerClasspathTest {
    @Test
    void brokerJarsAreThoseOfTheVersionTheRootPomPins() {
        BrokerClasspath classpath = BrokerClasspath.load();
        String expected = BrokerClasspath.expectedKafkaVersion();
        assertThat(expected).matches("4\\.\\d+\\.\\d+.*");
        assertThat(classpath.kafkaVersion())
                .as("kafka.broker.version of testkit/broker/pom.xml must equal the root pom's")
                .isEqualTo(expected);
        assertThat(classpath.brokerJars())
                .extracting(path -> path.getFileName().toString())
                .contains("kafka_2.13-" + expected + ".jar", "kafka-clients-" + expected + ".jar")
                .anyMatch(name -> name.startsWith("log4j-core-"))
                .anyMatch(name -> name.startsWith("log4j-slf4j-impl-"));
    }

    @Test
    void childClasspathStartsWithTheTestkitCodeThatHoldsNodeMain() {
        BrokerClasspath classpath = BrokerClasspath.load();
        String argument = classpath.asArgument();
        assertThat(argument).startsWith(classpath.testkitCode().toString());
        assertThat(classpath.testkitCode()).exists();
        assertThat(argument.split(java.io.File.pathSeparator))
                .hasSize(classpath.brokerJars().size() + 1)
                .allMatch(entry -> Path.of(entry).isAbsolute());
    }
}
