package io.kanal.runtime.store.file;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StoreException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Standalone mode's source offsets, in {@code offset.storage.file.filename}, replaced atomically on every write.
 * Keys and values are Connect's: {@code ["<connector>",{partition}]} → {@code {offset}}.
 *
 * <p>Two file formats. Kanal's own is readable JSON, {@code {"version":1,"offsets":[{"key":[...],"value":{...}}]}}.
 * Apache Kafka Connect's is a Java-serialized map of the same JSON bytes ({@link ConnectOffsetFile}); Kanal reads it,
 * so a Connect standalone worker's offsets file works unchanged, and by default keeps writing it, so that a user can
 * go back to Connect without losing offsets: the format follows the file ({@link Format#AUTO}). New files are JSON.
 * {@code kanal.offset.storage.file.format} forces one or the other.
 *
 * <p>Partitions are compared by content, not by the bytes of their JSON: {@code {"a":1,"b":2}} and {@code
 * {"b":2,"a":1}} are one partition. Integral numbers read back as {@code Long} and others as {@code Double}, as
 * Connect's {@code JsonConverter} returns them.
 *
 * <p><b>Threading.</b> Thread-safe: every method holds the store's lock.
 */
public final class FileOffsetStore implements OffsetStore {

    /** How the file is written. */
    public enum Format {
        /** Keep the format the file had when loaded; JSON for a new file. */
        AUTO,
        /** Kanal's JSON. */
        JSON,
        /** Apache Kafka Connect's Java-serialized map, for going back to Connect. */
        CONNECT
    }

    /** {@code kanal.offset.storage.file.format}. */
    public static final ConfigKey<String> FORMAT = ConfigKey.builder(
                    "kanal.offset.storage.file.format", ConfigType.STRING)
            .defaultValue("auto")
            .validator(Validators.oneOfIgnoringCase("auto", "json", "connect"))
            .importance(Importance.LOW)
            .documentation("Kanal only. How the standalone offsets file is written: 'auto' keeps the format the file"
                    + " has (so that an Apache Kafka Connect offsets file stays readable by Connect) and writes JSON"
                    + " for a new file; 'json' writes Kanal's readable JSON; 'connect' writes Connect's format.")
            .build();

    private static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private record Entry(String connector, Map<String, Object> partition, Map<String, Object> offset, byte[] keyJson) {}

    private final Path file;
    private final AtomicFile.Writer writer;
    private final Format configured;
    private Format writeFormat;
    /** By canonical key JSON. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param file {@code offset.storage.file.filename}
     * @param format how to write the file
     */
    public FileOffsetStore(Path file, Format format) {
        this(file, format, AtomicFile::write);
    }

    FileOffsetStore(Path file, Format format, AtomicFile.Writer writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.file = Objects.requireNonNull(file, "file");
        this.configured = Objects.requireNonNull(format, "format");
        this.writeFormat = format == Format.AUTO ? Format.JSON : format;
    }

    /**
     * Parses {@code kanal.offset.storage.file.format}.
     *
     * @param value the configured value
     * @return the format
     */
    public static Format format(String value) {
        return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * The format the next write uses.
     *
     * @return {@code JSON} or {@code CONNECT}
     */
    public synchronized Format writeFormat() {
        return writeFormat;
    }

    @Override
    public synchronized void start() {
        entries.clear();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new StoreException("Could not read the offsets in " + file + ": " + e.getMessage(), e);
        }
        if (content.length == 0) {
            return;
        }
        boolean connectFormat =
                content.length >= 2 && ((content[0] & 0xFF) << 8 | (content[1] & 0xFF)) == ConnectOffsetFile.MAGIC;
        try {
            if (connectFormat) {
                loadConnect(new ByteArrayInputStream(content));
            } else {
                loadJson(content);
            }
        } catch (IOException | RuntimeException e) {
            entries.clear();
            throw new StoreException(
                    "Could not read the offsets in " + file + " (" + (connectFormat ? "Kafka Connect format" : "JSON")
                            + "): " + e.getMessage(),
                    e);
        }
        if (configured == Format.AUTO) {
            writeFormat = connectFormat ? Format.CONNECT : Format.JSON;
        }
    }

    @Override
    public synchronized Optional<Map<String, Object>> offset(String connector, Map<String, ?> partition) {
        Entry e = entries.get(canonicalKey(connector, partition));
        return e == null ? Optional.empty() : Optional.of(e.offset());
    }

    @Override
    public synchronized Map<Map<String, Object>, Map<String, Object>> offsets(String connector) {
        Map<Map<String, Object>, Map<String, Object>> result = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            if (e.connector().equals(connector)) {
                result.put(e.partition(), e.offset());
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * The connectors the file holds offsets of, in the order they were first written.
     *
     * @return their names
     */
    public synchronized Set<String> connectors() {
        Set<String> names = new LinkedHashSet<>();
        for (Entry e : entries.values()) {
            names.add(e.connector());
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public synchronized void write(String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        Map<String, Entry> updated = new LinkedHashMap<>(entries);
        for (Map.Entry<? extends Map<String, ?>, ? extends Map<String, ?>> e : offsets.entrySet()) {
            if (e.getKey() == null) {
                throw new StoreException("A source partition of connector " + connector + " is null");
            }
            String key = canonicalKey(connector, e.getKey());
            if (e.getValue() == null) {
                updated.remove(key);
            } else {
                updated.put(key, entry(connector, e.getKey(), e.getValue()));
            }
        }
        persist(updated);
    }

    @Override
    public synchronized void reset(String connector) {
        Map<String, Entry> updated = new LinkedHashMap<>(entries);
        updated.values().removeIf(e -> e.connector().equals(connector));
        persist(updated);
    }

    @Override
    public void close() {
        // every write is already durable
    }

    private void persist(Map<String, Entry> updated) {
        try {
            if (writeFormat == Format.CONNECT) {
                Map<byte[], byte[]> raw = new LinkedHashMap<>();
                for (Entry e : updated.values()) {
                    raw.put(e.keyJson(), MAPPER.writeValueAsBytes(e.offset()));
                }
                writer.write(file, out -> ConnectOffsetFile.write(raw, out));
            } else {
                ObjectNode root = MAPPER.createObjectNode();
                root.put("version", VERSION);
                ArrayNode list = root.putArray("offsets");
                for (Entry e : updated.values()) {
                    ObjectNode item = list.addObject();
                    item.set("key", MAPPER.readTree(e.keyJson()));
                    item.set("value", MAPPER.valueToTree(e.offset()));
                }
                writer.write(
                        file, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, root));
            }
        } catch (IOException e) {
            throw new StoreException("Could not write the offsets to " + file + ": " + e.getMessage(), e);
        }
        entries.clear();
        entries.putAll(updated);
    }

    private void loadJson(byte[] content) throws IOException {
        JsonNode root = MAPPER.readTree(content);
        if (root == null || !root.isObject() || root.path("version").asInt(-1) != VERSION) {
            throw new IOException("expected {\"version\":" + VERSION + ",\"offsets\":[...]}");
        }
        for (JsonNode item : root.path("offsets")) {
            addEntry(MAPPER.writeValueAsBytes(item.path("key")), item.get("value"));
        }
    }

    private void loadConnect(InputStream in) throws IOException {
        for (Map.Entry<byte[], byte[]> e :
                ConnectOffsetFile.read(new BufferedInputStream(in)).entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue; // Connect's tombstones and keyless entries carry no offset
            }
            addEntry(e.getKey(), MAPPER.readTree(e.getValue()));
        }
    }

    private void addEntry(byte[] keyJson, JsonNode value) throws IOException {
        JsonNode key = MAPPER.readTree(keyJson);
        if (key == null
                || !key.isArray()
                || key.size() != 2
                || !key.get(0).isTextual()
                || !key.get(1).isObject()) {
            throw new IOException("an offset key is not [\"<connector>\",{partition}]: "
                    + new String(keyJson, StandardCharsets.UTF_8));
        }
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            throw new IOException("an offset value is not a JSON object");
        }
        String connector = key.get(0).asText();
        Map<String, Object> partition = MAPPER.convertValue(key.get(1), MAP);
        Map<String, Object> offset = MAPPER.convertValue(value, MAP);
        entries.put(
                canonicalKey(connector, partition),
                new Entry(connector, unmodifiable(partition), unmodifiable(offset), keyJson));
    }

    private static Entry entry(String connector, Map<String, ?> partition, Map<String, ?> offset) {
        try {
            List<Object> key = new ArrayList<>(2);
            key.add(connector);
            key.add(partition);
            byte[] keyJson = MAPPER.writeValueAsBytes(key);
            // round-trip so that what we hold is what a reader of the file will see (Long, Double, lists, maps)
            Map<String, Object> readPartition = MAPPER.readValue(MAPPER.writeValueAsBytes(partition), MAP);
            Map<String, Object> readOffset = MAPPER.readValue(MAPPER.writeValueAsBytes(offset), MAP);
            return new Entry(connector, unmodifiable(readPartition), unmodifiable(readOffset), keyJson);
        } catch (IOException e) {
            throw new StoreException(
                    "An offset of connector " + connector + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static String canonicalKey(String connector, Map<String, ?> partition) {
        try {
            return CANONICAL.writeValueAsString(List.of(connector, normalize(partition)));
        } catch (IOException e) {
            throw new StoreException(
                    "A source partition of connector " + connector + " cannot be written as JSON: " + e.getMessage(),
                    e);
        }
    }

    /** Equal partitions must give equal canonical keys whatever their number types: 1 (Integer) equals 1L. */
    private static Object normalize(Object value) throws IOException {
        return MAPPER.readValue(MAPPER.writeValueAsBytes(value), Object.class);
    }

    private static Map<String, Object> unmodifiable(Map<String, Object> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
