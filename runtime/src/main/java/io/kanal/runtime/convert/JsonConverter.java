package io.kanal.runtime.convert;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.DataException;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import io.kanal.runtime.convert.JsonReader.Token;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.json.JsonConverter}, byte for byte: with {@code schemas.enable}
 * (the default) every value is written in Connect's envelope {@code {"schema":...,"payload":...}}, otherwise as
 * plain JSON. Same keys, defaults and accepted values: {@code schemas.enable}, {@code schemas.cache.size}, {@code
 * schema.content}, {@code decimal.format} ({@code BASE64} or {@code NUMERIC}, case-insensitive), {@code
 * replace.null.with.default} and {@code converter.type}.
 *
 * <p>It is faster than Connect's because it never builds a JSON tree: it writes bytes directly (struct member names
 * pre-encoded), keeps the envelope's schema part as ready bytes per schema, reads with its own byte-level reader, and
 * recognises a schema it has seen by its bytes, without parsing it again. It accepts the JSON Connect's Jackson
 * setup accepts (leading zeros in numbers, a UTF-8 byte order mark, duplicate member names with the last winning).
 *
 * <p>Where it differs from Connect, on purpose: JSON that does not fit its schema (a string for an integer, a number
 * for a string, an object for an array, a number for a bytes field), trailing content after the JSON value, and
 * malformed JSON are errors that name the problem and where it is (byte offset, path such as {@code
 * payload.lines[2].sku}), instead of being read as {@code 0}, {@code false}, {@code null} or an empty list;
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, which Connect writes for non-finite floats, and {@code
 * -0.0} are read back as those values (Connect reads 0.0); maps are read into insertion-ordered maps, so data read
 * back writes the same bytes again (Connect's HashMap reorders them); empty byte arrays read as distinct map keys
 * (Connect's Jackson shares one empty array, so such keys collapse).
 *
 * <p>Threading: configure once, then call from any number of threads; the caches are thread-safe.
 */
public final class JsonConverter implements Converter, HeaderConverter {

    static final ConfigKey<Boolean> SCHEMAS_ENABLE = ConfigKey.builder("schemas.enable", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.HIGH)
            .group("Schemas", 0)
            .documentation("Include schemas within each of the serialized values and keys.")
            .build();

    static final ConfigKey<Integer> SCHEMAS_CACHE_SIZE = ConfigKey.builder("schemas.cache.size", ConfigType.INT)
            .defaultValue(1000)
            .importance(Importance.HIGH)
            .group("Schemas", 1)
            .documentation("The maximum number of schemas that can be cached in this converter instance.")
            .build();

    static final ConfigKey<String> SCHEMA_CONTENT = ConfigKey.builder("schema.content", ConfigType.STRING)
            .importance(Importance.HIGH)
            .group("Schemas", 2)
            .documentation("When set, this is used as the schema for all messages, and the schemas within each of the"
                    + " message will be ignored. Otherwise, the schema will be included in the content of each"
                    + " message. This configuration applies only 'schemas.enable' is true, and it exclusively"
                    + " affects the sink connector.")
            .build();

    static final ConfigKey<String> DECIMAL_FORMAT = ConfigKey.builder("decimal.format", ConfigType.STRING)
            .defaultValue("BASE64")
            .validator(Validators.oneOfIgnoringCase("BASE64", "NUMERIC"))
            .importance(Importance.LOW)
            .group("Serialization", 0)
            .documentation("Controls which format this converter will serialize decimals in. This value is case"
                    + " insensitive and can be either 'BASE64' (default) or 'NUMERIC'")
            .build();

    static final ConfigKey<Boolean> REPLACE_NULL_WITH_DEFAULT = ConfigKey.builder(
                    "replace.null.with.default", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.LOW)
            .group("Serialization", 1)
            .documentation("Whether to replace fields that have a default value and that are null to the default"
                    + " value. When set to true, the default value is used, otherwise null is used.")
            .build();

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(ConverterConfigs.TYPE)
            .define(SCHEMAS_ENABLE)
            .define(SCHEMAS_CACHE_SIZE)
            .define(SCHEMA_CONTENT)
            .define(DECIMAL_FORMAT)
            .define(REPLACE_NULL_WITH_DEFAULT)
            .build();

    private static final byte[] NULL_SCHEMA_PREFIX = "{\"schema\":null,\"payload\":".getBytes(StandardCharsets.UTF_8);
    private static final String ENVELOPE_REQUIRED = "JsonConverter with schemas.enable requires \"schema\" and"
            + " \"payload\" fields and may not contain additional fields. If you are trying to deserialize plain JSON"
            + " data, set schemas.enable=false in your converter configuration.";

    private boolean schemasEnabled = true;
    private Schema contentSchema;
    private JsonEncoder encoder = new JsonEncoder(false, true);
    private JsonDecoder decoder = new JsonDecoder(true);
    private JsonSchemaReader schemaReader = new JsonSchemaReader(decoder);
    private LruCache<Schema, byte[]> envelopes = new LruCache<>(1000);
    private LruCache<ByteRange, Schema> schemas = new LruCache<>(1000);

    /** The envelope prefix of the schema written last, found by identity without hashing the schema. */
    private volatile WrittenSchema lastWritten;
    /** The schema read last, found by comparing bytes without hashing them. */
    private volatile ReadSchema lastRead;
    /** The size of the last output, so that most outputs need no buffer growth; a hint, races are harmless. */
    private int sizeHint = 256;

    private record WrittenSchema(Schema schema, byte[] prefix) {}

    private record ReadSchema(ByteRange json, Schema schema) {}

    /** Creates a converter with Connect's defaults; {@link #configure(ParsedConfig, boolean)} changes them. */
    public JsonConverter() {}

    /**
     * The converter's keys, Connect's.
     *
     * @return the spec; the same instance every time
     */
    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    /**
     * Applies a configuration. Call before converting, from one thread.
     *
     * @param config parsed against {@link #configSpec()}
     * @param isKey whether the converter serves record keys; the JSON format is the same either way
     * @throws DataException when {@code schema.content} is not a valid schema
     */
    @Override
    public void configure(ParsedConfig config, boolean isKey) {
        schemasEnabled = config.get(SCHEMAS_ENABLE);
        boolean numeric = config.get(DECIMAL_FORMAT).toUpperCase(Locale.ROOT).equals("NUMERIC");
        boolean replaceNull = config.get(REPLACE_NULL_WITH_DEFAULT);
        int cacheSize = config.get(SCHEMAS_CACHE_SIZE);
        encoder = new JsonEncoder(numeric, replaceNull);
        decoder = new JsonDecoder(replaceNull);
        schemaReader = new JsonSchemaReader(decoder);
        envelopes = new LruCache<>(cacheSize);
        schemas = new LruCache<>(cacheSize);
        lastWritten = null;
        lastRead = null;
        contentSchema = null;
        String content = config.find(SCHEMA_CONTENT).orElse(null);
        if (content != null) {
            byte[] json = content.getBytes(StandardCharsets.UTF_8);
            try {
                contentSchema = schemaReader.read(json, 0, json.length);
            } catch (DataException e) {
                throw new DataException("Invalid schema in converter config (schema.content): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Applies a configuration for use as a header converter.
     *
     * @param config parsed against {@link #configSpec()}
     */
    @Override
    public void configure(ParsedConfig config) {
        configure(config, false);
    }

    /**
     * Writes data as JSON, in the envelope when schemas are enabled.
     *
     * @return the JSON bytes; null when both schema and value are null
     * @throws DataException naming the path of a value that does not match its schema
     */
    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (schema == null && value == null) {
            return null;
        }
        JsonWriter out = new JsonWriter(sizeHint);
        if (schemasEnabled) {
            out.raw(envelopePrefix(schema));
            encoder.writeValue(out, schema, value);
            out.raw((byte) '}');
        } else {
            encoder.writeValue(out, schema, value);
        }
        byte[] bytes = out.toByteArray();
        sizeHint = bytes.length + 16;
        return bytes;
    }

    private byte[] envelopePrefix(Schema schema) {
        if (schema == null) {
            return NULL_SCHEMA_PREFIX;
        }
        WrittenSchema last = lastWritten;
        if (last != null && last.schema == schema) {
            return last.prefix;
        }
        byte[] prefix = envelopes.get(schema);
        if (prefix == null) {
            JsonWriter out = new JsonWriter(256);
            out.raw("{\"schema\":".getBytes(StandardCharsets.UTF_8));
            try {
                encoder.writeSchema(out, schema);
            } catch (DataException e) {
                throw JsonPathException.at(e, "schema");
            }
            out.raw(",\"payload\":".getBytes(StandardCharsets.UTF_8));
            prefix = out.toByteArray();
            envelopes.put(schema, prefix);
        }
        // Only an immutable schema may be recognised by identity: a builder can change after it was cached.
        if (schema instanceof ConnectSchema) {
            lastWritten = new WrittenSchema(schema, prefix);
        }
        return prefix;
    }

    /**
     * Reads JSON bytes into Connect data.
     *
     * @return the schema and value; {@link SchemaAndValue#NULL} for null bytes
     * @throws DataException for malformed JSON (naming the byte offset), a missing or extra envelope member, an
     *     invalid schema, or a value that does not fit its schema (naming its path)
     */
    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        JsonReader p = new JsonReader(value);
        Token first = p.next();
        if (!schemasEnabled) {
            Object data = first == null ? null : decoder.read(p, null);
            p.next();
            return new SchemaAndValue(null, data);
        }
        if (contentSchema != null) {
            Object data = first == null ? decoder.nullValue(contentSchema) : decoder.read(p, contentSchema);
            p.next();
            return new SchemaAndValue(contentSchema, data);
        }
        return readEnvelope(p, value, first);
    }

    private SchemaAndValue readEnvelope(JsonReader p, byte[] bytes, Token first) {
        if (first != Token.START_OBJECT) {
            throw new DataException(ENVELOPE_REQUIRED);
        }
        Schema schema = null;
        boolean schemaSeen = false;
        int payloadStart = -1;
        int payloadEnd = -1;
        Object payload = null;
        boolean payloadRead = false;
        while (p.nextMember()) {
            String member = p.text();
            p.next();
            switch (member) {
                case "schema" -> {
                    schema = envelopeSchema(p, bytes);
                    schemaSeen = true;
                    // A later "schema" replaces an earlier one (the last duplicate wins), so re-read the payload.
                    payloadRead = false;
                }
                case "payload" -> {
                    payloadStart = p.tokenStart();
                    if (schemaSeen) {
                        payload = readPayload(p, schema);
                        payloadRead = true;
                    } else {
                        p.skipValue();
                        payloadRead = false;
                    }
                    payloadEnd = p.position();
                }
                default -> throw new DataException(ENVELOPE_REQUIRED + " Found member '" + member + "'.");
            }
        }
        p.next();
        if (!schemaSeen || payloadStart < 0) {
            throw new DataException(ENVELOPE_REQUIRED);
        }
        if (!payloadRead) {
            JsonReader again = new JsonReader(bytes, payloadStart, payloadEnd);
            again.next();
            payload = readPayload(again, schema);
        }
        return new SchemaAndValue(schema, payload);
    }

    private Object readPayload(JsonReader p, Schema schema) {
        try {
            return decoder.read(p, schema);
        } catch (DataException e) {
            throw JsonPathException.at(e, "payload");
        }
    }

    private Schema envelopeSchema(JsonReader p, byte[] bytes) {
        Token token = p.current();
        if (token == Token.NULL) {
            return null;
        }
        if (token != Token.START_OBJECT) {
            throw JsonPathException.at(new JsonPathException("Schema must contain 'type' field"), "schema");
        }
        int start = p.tokenStart();
        // Found by its bytes, a schema seen before needs no parsing or checking: it was checked when first read.
        p.skipUnchecked();
        int end = p.position();
        ReadSchema last = lastRead;
        if (last != null && last.json.sameBytes(bytes, start, end)) {
            return last.schema;
        }
        ByteRange key = new ByteRange(bytes, start, end);
        Schema schema = schemas.get(key);
        if (schema == null) {
            try {
                schema = schemaReader.read(bytes, start, end - start);
            } catch (DataException e) {
                throw JsonPathException.at(e, "schema");
            }
            key = key.copy();
            schemas.put(key, schema);
        } else {
            key = key.copy();
        }
        lastRead = new ReadSchema(key, schema);
        return schema;
    }

    /** Writes a header value exactly as {@link #fromConnectData} writes a record value. */
    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return fromConnectData(topic, null, schema, value);
    }

    /** Reads a header value exactly as {@link #toConnectData} reads a record value. */
    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, null, value);
    }

    /** Holds nothing that needs releasing. */
    @Override
    public void close() {}

    /** The number of schemas cached for writing; for tests. */
    int writeCacheSize() {
        return envelopes.size();
    }

    /** The number of schemas cached for reading; for tests. */
    int readCacheSize() {
        return schemas.size();
    }
}
