package io.kanal.runtime.store.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.herder.TargetState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A connector config file given on the command line ({@code kanal standalone worker.properties conn.properties ...}),
 * in the forms Kafka Connect standalone accepts (it tries them in this order): JSON with the flat config ({@code
 * {"name":..., "connector.class":..., ...}}); JSON with Connect's {@code POST /connectors} body ({@code {"name":...,
 * "config":{...}, "initial_state":...}}); Java properties. Immutable.
 *
 * @param name the connector's name
 * @param config its config, including {@code name}
 * @param initialState the target state of a new connector, when the file gives one
 */
public record ConnectorConfigFile(String name, Map<String, String> config, Optional<TargetState> initialState) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Checks and copies.
     *
     * @param name the connector's name
     * @param config its config
     * @param initialState the initial target state
     */
    public ConnectorConfigFile {
        Objects.requireNonNull(name, "name");
        config = Map.copyOf(config);
        Objects.requireNonNull(initialState, "initialState");
    }

    /**
     * Renders the connector without config values, which may be secrets.
     *
     * @return the rendering
     */
    @Override
    public String toString() {
        return "ConnectorConfigFile[name=" + name + ", keys=" + new TreeSet<>(config.keySet()) + ", initialState="
                + initialState + "]";
    }

    /** A connector config file that cannot be used; the message names the file and the problem. */
    public static final class InvalidFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads a file. Like Connect standalone, the content decides the form, not the name: a JSON object is JSON (the
     * flat form, or the create-request form when {@code config} is an object), anything else is Java properties. A
     * file named {@code *.json} is always read as JSON, so that a syntax error there is reported as one.
     *
     * @param file the file
     * @return the connector it defines
     * @throws InvalidFileException when it cannot be read or defines no connector
     */
    public static ConnectorConfigFile read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidFileException("Could not read the connector config " + file + ": " + e.getMessage(), e);
        }
        boolean json =
                file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") || startsWithBrace(content);
        try (InputStream in = new ByteArrayInputStream(content)) {
            return json ? parseJson(in, file.toString()) : parseProperties(in, file.toString());
        } catch (IOException e) {
            throw new InvalidFileException("Could not read the connector config " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWithBrace(byte[] content) {
        for (byte b : content) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * Parses Java properties (ISO-8859-1 with escapes, as {@code Properties.load} reads them, like Connect).
     *
     * @param in the content
     * @param source the file name, for messages
     * @return the connector
     * @throws IOException when the content cannot be read
     */
    public static ConnectorConfigFile parseProperties(InputStream in, String source) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        Map<String, String> config = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            config.put(key, properties.getProperty(key));
        }
        return withName(source, config.get("name"), config, Optional.empty());
    }

    /**
     * Parses JSON: Connect's create-connector body, or a flat config.
     *
     * @param in the content
     * @param source the file name, for messages
     * @return the connector
     * @throws IOException when the content cannot be read
     */
    public static ConnectorConfigFile parseJson(InputStream in, String source) throws IOException {
        JsonNode root;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            root = MAPPER.readTree(reader);
        } catch (JsonProcessingException e) {
            throw invalid(source, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "must hold a JSON object", null);
        }
        if (root.has("config")) {
            JsonNode config = root.get("config");
            if (!config.isObject()) {
                throw invalid(source, "has a 'config' that is not a JSON object", null);
            }
            Optional<TargetState> initial = Optional.empty();
            JsonNode state = root.get("initial_state");
            if (state != null && !state.isNull()) {
                try {
                    initial = Optional.of(TargetState.valueOf(state.asText().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw invalid(
                            source,
                            "has initial_state '" + state.asText() + "'; expected one of RUNNING, PAUSED, STOPPED",
                            e);
                }
            }
            Map<String, String> values = strings(config, source);
            JsonNode name = root.get("name");
            String topName = name == null || name.isNull() ? null : name.asText();
            String configName = values.get("name");
            if (topName != null && configName != null && !topName.equals(configName)) {
                throw invalid(
                        source,
                        "names the connector '" + topName + "' but its config says name='" + configName + "'",
                        null);
            }
            return withName(source, topName != null ? topName : configName, values, initial);
        }
        Map<String, String> values = strings(root, source);
        return withName(source, values.get("name"), values, Optional.empty());
    }

    private static ConnectorConfigFile withName(
            String source, String name, Map<String, String> config, Optional<TargetState> initial) {
        if (name == null || name.isBlank()) {
            throw invalid(source, "does not name the connector: set 'name'", null);
        }
        Map<String, String> withName = new LinkedHashMap<>(config);
        withName.put("name", name);
        return new ConnectorConfigFile(name, withName, initial);
    }

    private static Map<String, String> strings(JsonNode object, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull() || !value.isValueNode()) {
                throw invalid(
                        source,
                        "has key '" + e.getKey() + "' whose value is "
                                + (value.isNull() ? "null" : "not a string, number or boolean"),
                        null);
            }
            values.put(e.getKey(), value.asText());
        }
        return values;
    }

    private static InvalidFileException invalid(String source, String problem, Throwable cause) {
        return new InvalidFileException("The connector config " + source + " " + problem, cause);
    }
}
