package io.kanal.api.data;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The ordered headers of a record: Kafka Connect's {@code Headers}, but immutable, like Kanal's records. Every editor
 * ({@link #add(String, Schema, Object)}, {@link #remove(String)}, {@link #retainLatest()}, ...) returns a new
 * instance and leaves this one unchanged, so a transform can never change headers that another record shares.
 * Several headers may have the same key; order is kept. Equal when the same headers are in the same order.
 *
 * <p>Immutable and thread-safe (the header values themselves are shared, not copied).
 */
public final class Headers implements Iterable<Header> {

    private static final Headers EMPTY = new Headers(new Header[0]);

    private final Header[] headers;

    private Headers(Header[] headers) {
        this.headers = headers;
    }

    /** @return headers with no header */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * @param headers the headers, in order; null means none
     * @return headers holding them
     * @throws DataException when one of them is null
     */
    public static Headers of(Iterable<Header> headers) {
        if (headers == null) {
            return EMPTY;
        }
        if (headers instanceof Headers already) {
            return already;
        }
        List<Header> copy = new ArrayList<>();
        for (Header header : headers) {
            copy.add(notNull(header));
        }
        return copy.isEmpty() ? EMPTY : new Headers(copy.toArray(new Header[0]));
    }

    private static Header notNull(Header header) {
        if (header == null) {
            throw new DataException("Unable to add a null header.");
        }
        return header;
    }

    private static String checkKey(String key) {
        if (key == null) {
            throw new DataException("Header key cannot be null");
        }
        return key;
    }

    /** @return the number of headers */
    public int size() {
        return headers.length;
    }

    /** @return whether there are no headers */
    public boolean isEmpty() {
        return headers.length == 0;
    }

    /**
     * @param key a key
     * @return the last header with that key, or null when there is none
     * @throws DataException when the key is null
     */
    public Header lastWithName(String key) {
        checkKey(key);
        for (int i = headers.length - 1; i >= 0; i--) {
            if (headers[i].key().equals(key)) {
                return headers[i];
            }
        }
        return null;
    }

    /**
     * @param key a key
     * @return the headers with that key, in order; unmodifiable, empty when there is none
     * @throws DataException when the key is null
     */
    public List<Header> allWithName(String key) {
        checkKey(key);
        List<Header> found = new ArrayList<>();
        for (Header header : headers) {
            if (header.key().equals(key)) {
                found.add(header);
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** @return the headers in order; the iterator does not support removal */
    @Override
    public Iterator<Header> iterator() {
        return Collections.unmodifiableList(Arrays.asList(headers)).iterator();
    }

    /** @return the headers in order, as an unmodifiable list */
    public List<Header> asList() {
        return Collections.unmodifiableList(Arrays.asList(headers));
    }

    /**
     * @param header the header to append
     * @return new headers with the header appended
     * @throws DataException when the header is null
     */
    public Headers add(Header header) {
        notNull(header);
        Header[] grown = Arrays.copyOf(headers, headers.length + 1);
        grown[headers.length] = header;
        return new Headers(grown);
    }

    /**
     * Appends a header after a shallow check that the value suits the schema (the same check Connect's {@code
     * ConnectHeaders.add} makes: the top-level Java class, not the contents of lists, maps or structs).
     *
     * @param key the key
     * @param schema the value's schema, or null when unknown (then nothing is checked)
     * @param value the value
     * @return new headers with the header appended
     * @throws DataException when the key is null or the value does not suit the schema
     */
    public Headers add(String key, Schema schema, Object value) {
        checkKey(key);
        HeaderChecks.checkSchemaMatches(schema, value);
        return add(new Header(key, schema, value));
    }

    /**
     * @param key the key
     * @param schemaAndValue the value and its schema; null means no schema and no value
     * @return new headers with the header appended
     * @throws DataException when the key is null or the value does not suit the schema
     */
    public Headers add(String key, SchemaAndValue schemaAndValue) {
        SchemaAndValue sv = schemaAndValue == null ? SchemaAndValue.NULL : schemaAndValue;
        return add(key, sv.schema(), sv.value());
    }

    /**
     * @param more headers to append, in order; null means none
     * @return new headers with them appended
     * @throws DataException when one of them is null
     */
    public Headers addAll(Iterable<Header> more) {
        if (more == null) {
            return this;
        }
        List<Header> all = new ArrayList<>(Arrays.asList(headers));
        for (Header header : more) {
            all.add(notNull(header));
        }
        return all.size() == headers.length ? this : new Headers(all.toArray(new Header[0]));
    }

    /**
     * @param key a key
     * @return new headers without any header of that key
     * @throws DataException when the key is null
     */
    public Headers remove(String key) {
        checkKey(key);
        List<Header> kept = new ArrayList<>(headers.length);
        for (Header header : headers) {
            if (!header.key().equals(key)) {
                kept.add(header);
            }
        }
        return kept.size() == headers.length ? this : new Headers(kept.toArray(new Header[0]));
    }

    /**
     * @return new headers that keep only the last header of each key, in their original positions
     */
    public Headers retainLatest() {
        Set<String> seen = new HashSet<>();
        Header[] kept = new Header[headers.length];
        int start = headers.length;
        for (int i = headers.length - 1; i >= 0; i--) {
            if (seen.add(headers[i].key())) {
                kept[--start] = headers[i];
            }
        }
        return start == 0 ? this : new Headers(Arrays.copyOfRange(kept, start, kept.length));
    }

    /**
     * @param key a key
     * @return new headers that keep only the last header of that key, and every header of other keys
     * @throws DataException when the key is null
     */
    public Headers retainLatest(String key) {
        checkKey(key);
        Header last = lastWithName(key);
        if (last == null) {
            return this;
        }
        List<Header> kept = new ArrayList<>(headers.length);
        for (Header header : headers) {
            if (!header.key().equals(key) || header == last) {
                kept.add(header);
            }
        }
        return kept.size() == headers.length ? this : new Headers(kept.toArray(new Header[0]));
    }

    /**
     * @param key the key
     * @param value the value; null gives an optional string schema
     * @return new headers with a STRING header appended
     */
    public Headers addString(String key, String value) {
        return append(key, value == null ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value; null gives an optional bytes schema
     * @return new headers with a BYTES header appended
     */
    public Headers addBytes(String key, byte[] value) {
        return append(key, value == null ? Schema.OPTIONAL_BYTES_SCHEMA : Schema.BYTES_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value
     * @return new headers with a BOOLEAN header appended
     */
    public Headers addBoolean(String key, boolean value) {
        return append(key, Schema.BOOLEAN_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value
     * @return new headers with an INT8 header appended
     */
    public Headers addByte(String key, byte value) {
        return append(key, Schema.INT8_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value
     * @return new headers with an INT16 header appended
     */
    public Headers addShort(String key, short value) {
        return append(key, Schema.INT16_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value
     * @return new headers with an INT32 header appended
     */
    public Headers addInt(String key, int value) {
        return append(key, Schema.INT32_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value
     * @return new headers with an INT64 header appended
     */
    public Headers addLong(String key, long value) {
        return append(key, Schema.INT64_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value
     * @return new headers with a FLOAT32 header appended
     */
    public Headers addFloat(String key, float value) {
        return append(key, Schema.FLOAT32_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the value
     * @return new headers with a FLOAT64 header appended
     */
    public Headers addDouble(String key, double value) {
        return append(key, Schema.FLOAT64_SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value the list; null appends a header with neither schema nor value
     * @param schema an ARRAY schema (the elements are not checked, as in Connect)
     * @return new headers with the header appended
     * @throws DataException when the schema is not an array schema
     */
    public Headers addList(String key, List<?> value, Schema schema) {
        if (value == null) {
            return add(key, null, null);
        }
        checkSchemaType(schema, Schema.Type.ARRAY);
        return append(key, schema, value);
    }

    /**
     * @param key the key
     * @param value the map; null appends a header with neither schema nor value
     * @param schema a MAP schema (the entries are not checked, as in Connect)
     * @return new headers with the header appended
     * @throws DataException when the schema is not a map schema
     */
    public Headers addMap(String key, java.util.Map<?, ?> value, Schema schema) {
        if (value == null) {
            return add(key, null, null);
        }
        checkSchemaType(schema, Schema.Type.MAP);
        return append(key, schema, value);
    }

    /**
     * @param key the key
     * @param value the struct, with its own schema; null appends a header with neither schema nor value
     * @return new headers with the header appended
     */
    public Headers addStruct(String key, Struct value) {
        if (value == null) {
            return add(key, null, null);
        }
        return append(key, value.schema(), value);
    }

    /**
     * @param key the key
     * @param value the decimal, with a Decimal schema of its own scale; null appends a header with neither
     * @return new headers with the header appended
     */
    public Headers addDecimal(String key, BigDecimal value) {
        if (value == null) {
            return add(key, null, null);
        }
        return append(key, Decimal.schema(value.scale()), value);
    }

    /**
     * @param key the key
     * @param value a date at midnight UTC, or null (then with the required Date schema, as Connect does)
     * @return new headers with the header appended
     * @throws DataException when the value has a time of day
     */
    public Headers addDate(String key, java.util.Date value) {
        if (value != null) {
            Date.fromLogical(Date.SCHEMA, value);
        }
        return append(key, Date.SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value a time on 1970-01-01 UTC, or null (then with the required Time schema, as Connect does)
     * @return new headers with the header appended
     * @throws DataException when the value is on another day
     */
    public Headers addTime(String key, java.util.Date value) {
        if (value != null) {
            Time.fromLogical(Time.SCHEMA, value);
        }
        return append(key, Time.SCHEMA, value);
    }

    /**
     * @param key the key
     * @param value an instant, or null (then with the required Timestamp schema, as Connect does)
     * @return new headers with the header appended
     */
    public Headers addTimestamp(String key, java.util.Date value) {
        return append(key, Timestamp.SCHEMA, value);
    }

    /**
     * Rewrites every header; a header the function maps to null is removed.
     *
     * @param transform the rewrite; must not throw
     * @return new headers with the rewritten headers in the same positions
     */
    public Headers apply(java.util.function.UnaryOperator<Header> transform) {
        return rewrite(null, transform);
    }

    /**
     * Rewrites the headers of one key; a header the function maps to null is removed.
     *
     * @param key the key
     * @param transform the rewrite
     * @return new headers with the rewritten headers in the same positions
     * @throws DataException when the key is null
     */
    public Headers apply(String key, java.util.function.UnaryOperator<Header> transform) {
        return rewrite(checkKey(key), transform);
    }

    private Headers rewrite(String key, java.util.function.UnaryOperator<Header> transform) {
        List<Header> result = new ArrayList<>(headers.length);
        boolean changed = false;
        for (Header header : headers) {
            if (key != null && !header.key().equals(key)) {
                result.add(header);
                continue;
            }
            Header rewritten = transform.apply(header);
            changed |= rewritten != header;
            if (rewritten != null) {
                result.add(rewritten);
            }
        }
        return changed ? new Headers(result.toArray(new Header[0])) : this;
    }

    /** Appends without the schema check, for the typed adders whose schema is right by construction. */
    private Headers append(String key, Schema schema, Object value) {
        checkKey(key);
        return add(new Header(key, schema, value));
    }

    private static void checkSchemaType(Schema schema, Schema.Type type) {
        Schema.Type actual = schema == null ? null : schema.type();
        if (actual != type) {
            throw new DataException("Expecting " + type + " but instead found " + actual);
        }
    }

    /** Equal when the other holds equal headers in the same order. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Headers other && Arrays.equals(headers, other.headers));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(headers);
    }

    /** {@code Headers([...])}. */
    @Override
    public String toString() {
        return "Headers(" + Arrays.toString(headers) + ")";
    }
}
