package io.kanal.bridge.data;

import io.kanal.api.data.Header;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.DataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates schemas, values and headers between Kafka Connect's data model and Kanal's, exactly and both ways: a
 * translation changes the classes and nothing else (every schema property, unset struct fields, header order and
 * the very objects of primitive, bytes, decimal and date values are kept), so a round trip gives an equal result.
 *
 * <p>Plugins hand the same schema object with every record, so immutable schemas are translated once and looked up
 * by identity afterwards; the caches are bounded (see {@link #DEFAULT_CACHE_CAPACITY}). A schema translated one way
 * is remembered the other way too, so a schema that comes back (a sink task's record after a Connect transform, a
 * converter's output) is the original object. Values are checked once, by the target model while structs are filled.
 *
 * <p>Thread-safe: one translator may serve every task of a connector.
 */
public final class DataTranslator {

    /** The number of schemas each direction remembers before it starts over. */
    public static final int DEFAULT_CACHE_CAPACITY = 1024;

    private final ToKanal toKanal;
    private final ToConnect toConnect;

    /** A translator whose caches hold {@link #DEFAULT_CACHE_CAPACITY} schemas each way. */
    public DataTranslator() {
        this(DEFAULT_CACHE_CAPACITY);
    }

    /**
     * @param cacheCapacity the number of schemas each direction remembers before it starts over; at least 1
     * @throws IllegalArgumentException when the capacity is below 1
     */
    public DataTranslator(int cacheCapacity) {
        IdentityCache<org.apache.kafka.connect.data.Schema, Schema> fromConnect = new IdentityCache<>(cacheCapacity);
        IdentityCache<Schema, org.apache.kafka.connect.data.Schema> fromKanal = new IdentityCache<>(cacheCapacity);
        this.toKanal = new ToKanal(fromConnect, fromKanal);
        this.toConnect = new ToConnect(fromKanal, fromConnect);
    }

    /**
     * @param schema a Connect schema (or builder), or null
     * @return the equal Kanal schema, or null
     * @throws DataException when the schema has no type or its default is not valid in Kanal's model
     */
    public Schema toKanal(org.apache.kafka.connect.data.Schema schema) {
        return toKanal.schema(schema);
    }

    /**
     * @param schema a Kanal schema (or builder), or null
     * @return the equal Connect schema, or null
     * @throws DataException when the schema has no type or its default is not valid in Connect's model
     */
    public org.apache.kafka.connect.data.Schema toConnect(Schema schema) {
        return toConnect.schema(schema);
    }

    /**
     * @param value a value in Connect's model (structs, lists and maps of them, or any other value), or null
     * @return the value in Kanal's model
     * @throws DataException when a struct in it is not valid for its schema
     */
    public Object valueToKanal(Object value) {
        return toKanal.value(value);
    }

    /**
     * @param value a value in Kanal's model, or null
     * @return the value in Connect's model
     * @throws DataException when a struct in it is not valid for its schema
     */
    public Object valueToConnect(Object value) {
        return toConnect.value(value);
    }

    /**
     * @param schema a Connect schema, or null
     * @param value a value of that schema, or null
     * @return both in Kanal's model, translated together (a builder both use becomes one schema)
     * @throws DataException when a struct in the value is not valid for its schema
     */
    public SchemaAndValue toKanal(org.apache.kafka.connect.data.Schema schema, Object value) {
        return toKanal.both(schema, value);
    }

    /**
     * @param schema a Kanal schema, or null
     * @param value a value of that schema, or null
     * @return both in Connect's model, translated together
     * @throws DataException when a struct in the value is not valid for its schema
     */
    public org.apache.kafka.connect.data.SchemaAndValue toConnect(Schema schema, Object value) {
        return toConnect.both(schema, value);
    }

    /**
     * @param schemaAndValue Connect's, or null
     * @return Kanal's, or null
     * @throws DataException when a struct in the value is not valid for its schema
     */
    public SchemaAndValue toKanal(org.apache.kafka.connect.data.SchemaAndValue schemaAndValue) {
        return schemaAndValue == null ? null : toKanal.both(schemaAndValue.schema(), schemaAndValue.value());
    }

    /**
     * @param schemaAndValue Kanal's, or null
     * @return Connect's, or null
     * @throws DataException when a struct in the value is not valid for its schema
     */
    public org.apache.kafka.connect.data.SchemaAndValue toConnect(SchemaAndValue schemaAndValue) {
        return schemaAndValue == null ? null : toConnect.both(schemaAndValue.schema(), schemaAndValue.value());
    }

    /**
     * @param headers Connect's headers, or null
     * @return Kanal's, in the same order; empty for null
     * @throws DataException when a header's value holds a struct that is not valid for its schema
     */
    public Headers headersToKanal(Iterable<org.apache.kafka.connect.header.Header> headers) {
        // Most records carry none: spare the list and its copy (a Connect record's headers are never null).
        if (headers == null
                || (headers instanceof org.apache.kafka.connect.header.Headers connectHeaders
                        && connectHeaders.isEmpty())) {
            return Headers.empty();
        }
        List<Header> translated = new ArrayList<>();
        for (org.apache.kafka.connect.header.Header header : headers) {
            SchemaAndValue schemaAndValue = toKanal.both(header.schema(), header.value());
            translated.add(new Header(header.key(), schemaAndValue.schema(), schemaAndValue.value()));
        }
        return Headers.of(translated);
    }

    /**
     * Connect's headers with Kanal's headers, as they are: not checked against their schemas again (Connect's {@code
     * add} would), since Kanal's model has the same rules.
     *
     * @param headers Kanal's headers, or null
     * @return a mutable Connect {@code ConnectHeaders}, as a Connect plugin expects, in the same order
     * @throws DataException when a header's value holds a struct that is not valid for its schema
     */
    public org.apache.kafka.connect.header.Headers headersToConnect(Headers headers) {
        UncheckedConnectHeaders translated = new UncheckedConnectHeaders();
        if (headers == null) {
            return translated;
        }
        for (Header header : headers) {
            org.apache.kafka.connect.data.SchemaAndValue schemaAndValue =
                    toConnect.both(header.schema(), header.value());
            translated.append(header.key(), schemaAndValue.value(), schemaAndValue.schema());
        }
        return translated;
    }

    /**
     * Connect's headers, with a way to add a header without Connect checking the value against its schema again.
     * Mutable, like every Connect {@code Headers}: confined to the thread that uses the record.
     */
    private static final class UncheckedConnectHeaders extends org.apache.kafka.connect.header.ConnectHeaders {
        void append(String key, Object value, org.apache.kafka.connect.data.Schema schema) {
            addWithoutValidating(key, value, schema);
        }
    }
}
