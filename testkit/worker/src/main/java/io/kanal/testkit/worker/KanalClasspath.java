package io.kanal.testkit.worker;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The class path of a Kanal worker JVM started by a test: the test JVM's own class path without any Apache Kafka jar.
 * Kanal never runs on kafka-clients or connect-*; a test module may still have them (as an independent observer, or
 * for golden comparisons), so they are dropped here, and {@link #of} refuses a class path that would still hold one.
 */
final class KanalClasspath {

    private KanalClasspath() {}

    /**
     * The test JVM's class path without Apache Kafka's jars.
     *
     * @return the entries for {@code java -cp}, joined by the platform path separator
     */
    static String ofTestJvm() {
        return of(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
    }

    /**
     * A class path without Apache Kafka's jars.
     *
     * @param entries class path entries
     * @return the remaining entries, joined by the platform path separator
     */
    static String of(List<String> entries) {
        List<String> kept =
                entries.stream().filter(e -> !e.isBlank() && !isApacheKafka(e)).toList();
        return String.join(File.pathSeparator, kept);
    }

    /**
     * Whether a class path entry is a jar of Apache Kafka (group {@code org.apache.kafka} in a Maven repository, or a
     * jar named like Kafka's in a distribution's {@code libs}).
     *
     * @param entry the entry
     * @return true for kafka-clients, connect-*, kafka_*, kafka-* jars
     */
    static boolean isApacheKafka(String entry) {
        String unix = entry.replace(File.separatorChar, '/');
        if (unix.contains("/org/apache/kafka/")) {
            return true;
        }
        String name = Path.of(entry).getFileName().toString();
        return name.endsWith(".jar")
                && (name.startsWith("kafka-") || name.startsWith("kafka_") || name.startsWith("connect-"));
    }
}
