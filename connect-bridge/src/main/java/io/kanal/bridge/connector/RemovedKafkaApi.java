package io.kanal.bridge.connector;

import io.kanal.runtime.isolation.spi.MissingMember;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which members of Kafka's Connect API (and of the kafka-clients classes connectors use) Kafka removed after 3.9, and
 * in which version, from the resource {@code removed-kafka-api.txt} that {@code RemovedKafkaApiTest} computes from the
 * jars themselves; and the message of a plugin that links against missing members, naming each one.
 *
 * <p>Immutable and thread-safe.
 */
final class RemovedKafkaApi {

    private static final String RESOURCE = "removed-kafka-api.txt";

    private final Map<String, String> removedIn;

    private RemovedKafkaApi(Map<String, String> removedIn) {
        this.removedIn = Map.copyOf(removedIn);
    }

    /**
     * Reads the bundled list.
     *
     * @return the list
     * @throws UncheckedIOException when the resource is missing or unreadable (a broken layer jar)
     */
    static RemovedKafkaApi load() {
        Map<String, String> removedIn = new LinkedHashMap<>();
        try (InputStream in = RemovedKafkaApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE + " is missing from the bridge jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                int space = entry.indexOf(' ');
                removedIn.put(entry.substring(space + 1), entry.substring(0, space));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RemovedKafkaApi(removedIn);
    }

    /**
     * @return every listed member key ({@link MissingMember#key()}) with the Kafka version that removed it
     */
    Map<String, String> entries() {
        return removedIn;
    }

    /**
     * The load failure message of a plugin class that links against members the layer lacks: {@code
     * com.acme.OldTask is built against an older Kafka Connect API: calls SourceTask.commitRecord(SourceRecord),
     * removed in Kafka 4.0; rebuild it against connect-api 4.3.1}.
     *
     * @param className the plugin class
     * @param missing what it links against and the layer lacks
     * @param layerVersion the layer's Kafka version
     * @return the message
     */
    String message(String className, List<MissingMember> missing, String layerVersion) {
        boolean older = missing.stream().anyMatch(m -> removedIn.containsKey(m.key()));
        StringBuilder out = new StringBuilder(className)
                .append(
                        older
                                ? " is built against an older Kafka Connect API: "
                                : " is built against another Kafka" + " Connect API version: ");
        for (int i = 0; i < missing.size(); i++) {
            MissingMember member = missing.get(i);
            out.append(i == 0 ? "" : "; ")
                    .append(member.isMethod() ? "calls " : "uses ")
                    .append(member.display());
            String version = removedIn.get(member.key());
            if (version == null) {
                out.append(", which Kafka ").append(layerVersion).append(" does not have");
            } else if (version.endsWith("+")) {
                // Still in the oldest 4.x the list was computed with, gone by the layer's version.
                out.append(", removed after Kafka ").append(version, 0, version.length() - 1);
            } else {
                out.append(", removed in Kafka ").append(version);
            }
        }
        return out.append("; rebuild it against connect-api ")
                .append(layerVersion)
                .append(" (the Kafka Connect API of this worker's Connect bridge)")
                .toString();
    }
}
