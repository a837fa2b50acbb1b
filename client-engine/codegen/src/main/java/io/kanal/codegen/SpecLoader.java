package io.kanal.codegen;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Kafka's JSON message specs ({@code common/message/*.json}) into {@link MessageSpec}s. The specs contain
 * {@code //} comments, which the parser is told to accept.
 */
public final class SpecLoader {
    /** Where the specs live inside the kafka-clients jar. */
    public static final String SPEC_DIRECTORY = "common/message";

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

    private SpecLoader() {}

    /**
     * Loads every spec from the kafka-clients jar on this class's class path.
     *
     * @return the specs, sorted by name
     */
    public static List<MessageSpec> fromClasspath() {
        URL marker = SpecLoader.class.getClassLoader().getResource(SPEC_DIRECTORY + "/RequestHeader.json");
        if (marker == null) {
            throw new IllegalStateException(
                    "kafka-clients (with " + SPEC_DIRECTORY + "/*.json) is not on the class path");
        }
        try {
            URI uri = marker.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return fromDirectory(jar.getPath(SPEC_DIRECTORY));
                }
            }
            return fromDirectory(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the specs at " + marker, e);
        }
    }

    /**
     * Loads every {@code *.json} spec in a directory.
     *
     * @param dir the directory
     * @return the specs, sorted by name
     * @throws IOException if the directory cannot be read
     */
    public static List<MessageSpec> fromDirectory(Path dir) throws IOException {
        List<MessageSpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                specs.add(parse(Files.readString(file)));
            }
        }
        return specs;
    }

    /**
     * Parses one spec.
     *
     * @param json the spec text, comments allowed
     * @return the spec
     */
    public static MessageSpec parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            Versions valid = Versions.parse(text(root, "validVersions"), Versions.NONE);
            Versions flexible = Versions.parse(text(root, "flexibleVersions"), Versions.NONE);
            List<StructSpec> common = new ArrayList<>();
            for (JsonNode s : root.path("commonStructs")) {
                common.add(new StructSpec(
                        s.get("name").asText(),
                        fields(s.path("fields"), valid),
                        Versions.parse(text(s, "versions"), valid)));
            }
            JsonNode key = root.get("apiKey");
            return new MessageSpec(
                    root.get("name").asText(),
                    root.get("type").asText(),
                    key == null ? null : (short) key.asInt(),
                    valid,
                    flexible,
                    root.path("latestVersionUnstable").asBoolean(false),
                    fields(root.path("fields"), valid),
                    common);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<FieldSpec> fields(JsonNode array, Versions parent) {
        List<FieldSpec> fields = new ArrayList<>();
        for (JsonNode f : array) {
            Versions versions =
                    Versions.parse(text(f, "versions"), Versions.NONE).intersect(Versions.ALL);
            JsonNode tag = f.get("tag");
            fields.add(new FieldSpec(
                    f.get("name").asText(),
                    FieldType.parse(f.get("type").asText()),
                    versions,
                    Versions.parse(text(f, "nullableVersions"), Versions.NONE),
                    tag == null ? null : tag.asInt(),
                    Versions.parse(text(f, "taggedVersions"), Versions.NONE),
                    text(f, "flexibleVersions") == null ? null : Versions.parse(text(f, "flexibleVersions"), null),
                    f.path("ignorable").asBoolean(false),
                    text(f, "default"),
                    text(f, "about") == null ? "" : text(f, "about"),
                    fields(f.path("fields"), versions.intersect(parent))));
        }
        return fields;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
