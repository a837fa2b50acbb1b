package io.kanal.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The classpath of a broker JVM: the testkit's own code (for {@link NodeMain}) followed by the Apache Kafka jars that
 * {@code kanal-testkit-broker} resolved at build time.
 *
 * @param kafkaVersion the Apache Kafka release the jars belong to
 * @param brokerJars the broker's jars, absolute paths in Maven's resolution order
 * @param testkitCode the jar or class directory that holds {@link NodeMain}
 */
public record BrokerClasspath(String kafkaVersion, List<Path> brokerJars, Path testkitCode) {
    private static final String CLASSPATH_RESOURCE = "io/kanal/testkit/broker/broker-classpath.txt";
    private static final String BROKER_PROPERTIES = "io/kanal/testkit/broker/broker.properties";
    private static final String TESTKIT_PROPERTIES = "io/kanal/testkit/testkit.properties";

    /**
     * Copies the jar list and checks that it is not empty.
     *
     * @param kafkaVersion the Apache Kafka release the jars belong to
     * @param brokerJars the broker's jars, absolute paths in Maven's resolution order
     * @param testkitCode the jar or class directory that holds {@link NodeMain}
     */
    public BrokerClasspath {
        brokerJars = List.copyOf(brokerJars);
        if (brokerJars.isEmpty()) {
            throw new IllegalArgumentException("the broker classpath is empty");
        }
    }

    /**
     * Loads the classpath that the build resolved.
     *
     * @return the broker classpath
     * @throws IllegalStateException when the resource is missing or names jars that no longer exist (for example
     *     after the local Maven repository was cleaned: rebuild to resolve them again)
     */
    public static BrokerClasspath load() {
        String listing = readResource(CLASSPATH_RESOURCE).trim();
        List<Path> jars = Arrays.stream(listing.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
        List<Path> missing = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                missing.add(jar);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "broker jars resolved at build time are missing (rebuild the testkit): " + missing);
        }
        String version = properties(BROKER_PROPERTIES).getProperty("kafka.broker.version");
        return new BrokerClasspath(version, jars, codeLocation());
    }

    /**
     * The broker version this testkit was built to run: {@code kafka.broker.version} from the root pom. It equals
     * {@link #kafkaVersion()} unless {@code testkit/broker/pom.xml} has drifted from the root pom.
     *
     * @return the expected broker version
     */
    public static String expectedKafkaVersion() {
        return properties(TESTKIT_PROPERTIES).getProperty("kafka.broker.version");
    }

    /**
     * Renders the classpath for {@code java -cp}.
     *
     * @return the entries joined by the platform path separator
     */
    public String asArgument() {
        List<String> entries = new ArrayList<>();
        entries.add(testkitCode.toString());
        brokerJars.forEach(jar -> entries.add(jar.toString()));
        return String.join(File.pathSeparator, entries);
    }

    private static Path codeLocation() {
        try {
            return Path.of(NodeMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the testkit's own code", e);
        }
    }

    private static Properties properties(String resource) {
        Properties properties = new Properties();
        try (var reader = new java.io.StringReader(readResource(resource))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String readResource(String resource) {
        // Through the class loader, not Class.getResourceAsStream: the broker resources live in another jar (another
        // module, should the testkit ever run on the module path).
        try (InputStream in = BrokerClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource + " is not on the classpath: is io.kanal:kanal-testkit-broker a dependency?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
