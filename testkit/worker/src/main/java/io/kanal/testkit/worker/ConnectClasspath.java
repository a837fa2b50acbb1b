package io.kanal.testkit.worker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The class path of an Apache Kafka Connect worker JVM: connect-runtime, connect-json, connect-file, their
 * kafka-clients and a log4j2 binding, which {@code kanal-testkit-connect} resolved at build time (absolute paths into
 * the local Maven repository). None of these jars is on this module's own class path.
 *
 * @param version the Apache Kafka release the jars belong to
 * @param jars the jars, in Maven's resolution order
 */
public record ConnectClasspath(String version, List<Path> jars) {
    private static final String CLASSPATH_RESOURCE = "io/kanal/testkit/connect/connect-classpath.txt";
    private static final String PROPERTIES_RESOURCE = "io/kanal/testkit/connect/connect.properties";

    /**
     * Copies the jar list and checks that it is not empty.
     *
     * @param version the Apache Kafka release the jars belong to
     * @param jars the jars, in Maven's resolution order
     */
    public ConnectClasspath {
        jars = List.copyOf(jars);
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("the Apache Connect class path is empty");
        }
    }

    /**
     * Loads the class path that the build resolved.
     *
     * @return the class path
     * @throws IllegalStateException when the resource is missing or names jars that no longer exist (rebuild
     *     {@code testkit/connect} to resolve them again)
     */
    public static ConnectClasspath load() {
        List<Path> jars = Arrays.stream(readResource(CLASSPATH_RESOURCE).trim().split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
        List<Path> missing =
                jars.stream().filter(jar -> !Files.isRegularFile(jar)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "Apache Connect jars resolved at build time are missing (rebuild testkit/connect): " + missing);
        }
        Properties properties = new Properties();
        try (StringReader reader = new StringReader(readResource(PROPERTIES_RESOURCE))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConnectClasspath(properties.getProperty("apache.connect.version"), jars);
    }

    /**
     * Renders the class path for {@code java -cp}.
     *
     * @return the jars joined by the platform path separator
     */
    public String asArgument() {
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    private static String readResource(String resource) {
        try (InputStream in = ConnectClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource + " is not on the class path: is io.kanal:kanal-testkit-connect a dependency?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
