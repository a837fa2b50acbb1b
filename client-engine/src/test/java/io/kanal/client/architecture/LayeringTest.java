package io.kanal.client.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the client engine's layers point one way (client-engine/DESIGN.md): each package may import
 * only the layers below it. Checked on the source files' import statements, so a violation fails the build with the
 * file and the import named.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/io/kanal/client");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.kanal\\.client\\.([A-Za-z.]+);");

    /**
     * Package → the imports (package or class prefixes under io.kanal.client) it must not have. {@code common} holds
     * the dependency-free {@code Time} used everywhere and {@code ClientCore}, which assembles network and cluster, so
     * lower layers may use the former only.
     */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "protocol", List.of("record", "network", "cluster", "producer", "consumer", "admin", "common"),
            "record", List.of("network", "cluster", "producer", "consumer", "admin", "common"),
            "network", List.of("cluster", "producer", "consumer", "admin", "common.ClientCore"),
            "cluster", List.of("producer", "consumer", "admin"),
            "common", List.of("producer", "consumer", "admin"),
            "producer", List.of("consumer", "admin"),
            "consumer", List.of("producer", "admin"),
            "admin", List.of("producer", "consumer"),
            "group", List.of("network", "cluster", "producer", "consumer", "admin", "common.ClientCore"));

    @Test
    void layersOnlyImportTheLayersBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String layer = relative.getName(0).toString();
                List<String> forbidden = FORBIDDEN.getOrDefault(layer, List.of());
                for (String line : Files.readAllLines(file)) {
                    Matcher m = IMPORT.matcher(line);
                    if (m.find()
                            && forbidden.stream()
                                    .anyMatch(f ->
                                            m.group(1).equals(f) || m.group(1).startsWith(f + "."))) {
                        violations.add(relative + ": " + line.trim());
                    }
                }
            }
        }
        assertThat(violations).as("imports against the layering").isEmpty();
    }

    @Test
    void theCheckSeesTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve("network"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".java")).count())
                    .isGreaterThan(5);
        }
    }
}
