package io.kanal.runtime.store.file;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Standalone mode's config store: connector configs and target states in one JSON file, replaced atomically on every
 * change, so that connectors created through REST survive a restart (Kafka Connect standalone forgets them). Task
 * configs are kept in memory only: every start regenerates them from the connectors, as Connect standalone does.
 *
 * <pre>{@code
 * {"version":1,"connectors":{"orders":{"config":{"connector.class":"...","tasks.max":"2"},"target_state":"RUNNING"}}}
 * }</pre>
 *
 * <p><b>Threading.</b> Thread-safe: every method holds the store's lock, so writes apply (and are reported to the
 * listener) in call order.
 */
public final class FileConfigStore implements ConfigStore {

    /** The file format version this class writes. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Path file;
    private final AtomicFile.Writer writer;
    private final Map<String, Map<String, String>> configs = new TreeMap<>();
    private final Map<String, TargetState> targetStates = new TreeMap<>();
    private final Map<String, List<Map<String, String>>> taskConfigs = new TreeMap<>();
    private Listener listener;

    /**
     * @param file the JSON file; created on the first write
     */
    public FileConfigStore(Path file) {
        this(file, AtomicFile::write);
    }

    FileConfigStore(Path file, AtomicFile.Writer writer) {
        this.file = Objects.requireNonNull(file, "file");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    public synchronized void start(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        load();
        for (Map.Entry<String, Map<String, String>> e : configs.entrySet()) {
            listener.targetState(e.getKey(), targetStates.getOrDefault(e.getKey(), TargetState.RUNNING));
            listener.connectorConfig(e.getKey(), Optional.of(e.getValue()));
        }
    }

    @Override
    public synchronized void putConnectorConfig(
            String name, Map<String, String> config, Optional<TargetState> initialState) {
        Map<String, Map<String, String>> newConfigs = new TreeMap<>(configs);
        newConfigs.put(name, Map.copyOf(config));
        Map<String, TargetState> newTargets = new TreeMap<>(targetStates);
        boolean created = !configs.containsKey(name);
        if (created) {
            newTargets.put(name, initialState.orElse(TargetState.RUNNING));
        }
        persist(newConfigs, newTargets);
        if (created) {
            listener().targetState(name, newTargets.get(name));
        }
        listener().connectorConfig(name, Optional.of(newConfigs.get(name)));
    }

    @Override
    public synchronized void removeConnector(String name) {
        if (!configs.containsKey(name)) {
            return;
        }
        Map<String, Map<String, String>> newConfigs = new TreeMap<>(configs);
        newConfigs.remove(name);
        Map<String, TargetState> newTargets = new TreeMap<>(targetStates);
        newTargets.remove(name);
        persist(newConfigs, newTargets);
        taskConfigs.remove(name);
        listener().connectorConfig(name, Optional.empty());
    }

    @Override
    public synchronized void putTaskConfigs(String name, List<Map<String, String>> configs) {
        if (!this.configs.containsKey(name)) {
            return;
        }
        List<Map<String, String>> copy = configs.stream().map(Map::copyOf).toList();
        taskConfigs.put(name, copy);
        listener().taskConfigs(name, copy);
    }

    @Override
    public synchronized void putTargetState(String name, TargetState state) {
        if (!configs.containsKey(name)) {
            return;
        }
        Map<String, TargetState> newTargets = new TreeMap<>(targetStates);
        newTargets.put(name, state);
        persist(configs, newTargets);
        listener().targetState(name, state);
    }

    @Override
    public synchronized Snapshot snapshot() {
        return new Snapshot(configs, targetStates, taskConfigs);
    }

    @Override
    public void close() {
        // every write is already durable
    }

    private Listener listener() {
        if (listener == null) {
            throw new IllegalStateException("the store has not been started");
        }
        return listener;
    }

    /** Writes the new state to disk first and adopts it only once it is durable. */
    private void persist(Map<String, Map<String, String>> newConfigs, Map<String, TargetState> newTargets) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        ObjectNode connectors = root.putObject("connectors");
        for (Map.Entry<String, Map<String, String>> e : newConfigs.entrySet()) {
            ObjectNode connector = connectors.putObject(e.getKey());
            ObjectNode config = connector.putObject("config");
            new TreeMap<>(e.getValue()).forEach(config::put);
            connector.put(
                    "target_state",
                    newTargets.getOrDefault(e.getKey(), TargetState.RUNNING).name());
        }
        try {
            writer.write(file, out -> MAPPER.writeValue(out, root));
        } catch (IOException e) {
            throw new StoreException("Could not write the connector configs to " + file + ": " + e.getMessage(), e);
        }
        if (newConfigs != configs) {
            configs.clear();
            configs.putAll(newConfigs);
        }
        targetStates.clear();
        targetStates.putAll(newTargets);
    }

    private void load() {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = MAPPER.readTree(in);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new StoreException("Could not read the connector configs in " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new StoreException("The connector config file " + file + " is not a JSON object");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new StoreException("The connector config file " + file + " has version " + root.path("version")
                    + "; this Kanal reads version " + VERSION);
        }
        JsonNode connectors = root.path("connectors");
        for (Iterator<Map.Entry<String, JsonNode>> it = connectors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode config = e.getValue().path("config");
            if (!config.isObject()) {
                throw new StoreException("Connector '" + name + "' in " + file + " has no config object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> c = config.fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = c.next();
                if (!kv.getValue().isValueNode() || kv.getValue().isNull()) {
                    throw new StoreException(
                            "Key '" + kv.getKey() + "' of connector '" + name + "' in " + file + " is not a string");
                }
                values.put(kv.getKey(), kv.getValue().asText());
            }
            configs.put(name, Map.copyOf(values));
            String state = e.getValue().path("target_state").asText("RUNNING");
            try {
                targetStates.put(name, TargetState.valueOf(state.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException bad) {
                throw new StoreException("Connector '" + name + "' in " + file + " has an unknown target_state '"
                        + state + "'; expected RUNNING, PAUSED or STOPPED");
            }
        }
    }
}
