package io.kanal.api.data;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a piece of data: its {@link Type}, whether it may be null, its default, and for the logical types a
 * name (and parameters) that say how to read it. Kafka Connect's {@code Schema}, with the same names and semantics, so
 * that converters and transforms treat data exactly as Connect does.
 *
 * <p>Two implementations exist: {@link ConnectSchema}, which is immutable and safe to share between threads, and
 * {@link SchemaBuilder}, which is mutable, confined to the thread that builds it, and compares by identity. Build a
 * schema once and share the result of {@link SchemaBuilder#build()}.
 */
public interface Schema {

    /**
     * The type of a schema: eight primitive numeric, boolean, string and bytes types, and three containers. A logical
     * type (Decimal, Date, ...) is one of these with a {@link Schema#name()}. Immutable and thread-safe.
     */
    enum Type {
        /** 8-bit signed integer, Java {@link Byte}. */
        INT8,
        /** 16-bit signed integer, Java {@link Short}. */
        INT16,
        /** 32-bit signed integer, Java {@link Integer}. */
        INT32,
        /** 64-bit signed integer, Java {@link Long}. */
        INT64,
        /** IEEE 754 single precision, Java {@link Float}. */
        FLOAT32,
        /** IEEE 754 double precision, Java {@link Double}. */
        FLOAT64,
        /** Java {@link Boolean}. */
        BOOLEAN,
        /** Java {@link String}. */
        STRING,
        /** Raw bytes: Java {@code byte[]} or {@link java.nio.ByteBuffer}. */
        BYTES,
        /** An ordered sequence of values of one schema: Java {@link List}. */
        ARRAY,
        /** Keys of one schema mapped to values of another: Java {@link Map}. */
        MAP,
        /** Named fields, each with its own schema: {@link Struct}. */
        STRUCT;

        private final String lowerName = name().toLowerCase(Locale.ROOT);

        /**
         * @return the type's name in lower case ({@code "int8"}, {@code "struct"}), as JSON schemas spell it
         */
        public String getName() {
            return lowerName;
        }

        /**
         * @return true for every type but {@link #ARRAY}, {@link #MAP} and {@link #STRUCT}
         */
        public boolean isPrimitive() {
            return this != ARRAY && this != MAP && this != STRUCT;
        }
    }

    /** Required 8-bit integer. */
    Schema INT8_SCHEMA = ConnectSchema.primitive(Type.INT8, false);
    /** Required 16-bit integer. */
    Schema INT16_SCHEMA = ConnectSchema.primitive(Type.INT16, false);
    /** Required 32-bit integer. */
    Schema INT32_SCHEMA = ConnectSchema.primitive(Type.INT32, false);
    /** Required 64-bit integer. */
    Schema INT64_SCHEMA = ConnectSchema.primitive(Type.INT64, false);
    /** Required single precision float. */
    Schema FLOAT32_SCHEMA = ConnectSchema.primitive(Type.FLOAT32, false);
    /** Required double precision float. */
    Schema FLOAT64_SCHEMA = ConnectSchema.primitive(Type.FLOAT64, false);
    /** Required boolean. */
    Schema BOOLEAN_SCHEMA = ConnectSchema.primitive(Type.BOOLEAN, false);
    /** Required string. */
    Schema STRING_SCHEMA = ConnectSchema.primitive(Type.STRING, false);
    /** Required bytes. */
    Schema BYTES_SCHEMA = ConnectSchema.primitive(Type.BYTES, false);

    /** Optional 8-bit integer. */
    Schema OPTIONAL_INT8_SCHEMA = ConnectSchema.primitive(Type.INT8, true);
    /** Optional 16-bit integer. */
    Schema OPTIONAL_INT16_SCHEMA = ConnectSchema.primitive(Type.INT16, true);
    /** Optional 32-bit integer. */
    Schema OPTIONAL_INT32_SCHEMA = ConnectSchema.primitive(Type.INT32, true);
    /** Optional 64-bit integer. */
    Schema OPTIONAL_INT64_SCHEMA = ConnectSchema.primitive(Type.INT64, true);
    /** Optional single precision float. */
    Schema OPTIONAL_FLOAT32_SCHEMA = ConnectSchema.primitive(Type.FLOAT32, true);
    /** Optional double precision float. */
    Schema OPTIONAL_FLOAT64_SCHEMA = ConnectSchema.primitive(Type.FLOAT64, true);
    /** Optional boolean. */
    Schema OPTIONAL_BOOLEAN_SCHEMA = ConnectSchema.primitive(Type.BOOLEAN, true);
    /** Optional string. */
    Schema OPTIONAL_STRING_SCHEMA = ConnectSchema.primitive(Type.STRING, true);
    /** Optional bytes. */
    Schema OPTIONAL_BYTES_SCHEMA = ConnectSchema.primitive(Type.BYTES, true);

    /**
     * @return the type; never null for Kanal's implementations
     */
    Type type();

    /**
     * @return whether null is a valid value
     */
    boolean isOptional();

    /**
     * @return the value a {@link Struct} field of this schema takes when it is not set, or null for none
     */
    Object defaultValue();

    /**
     * @return the schema's name (for logical types, e.g. {@link Decimal#LOGICAL_NAME}), or null
     */
    String name();

    /**
     * @return the schema's version, or null
     */
    Integer version();

    /**
     * @return human-readable documentation, or null
     */
    String doc();

    /**
     * @return extra string parameters (e.g. a Decimal's scale), unmodifiable, or null when none were set
     */
    Map<String, String> parameters();

    /**
     * @return the schema of a map's keys
     * @throws io.kanal.api.errors.DataException when this is a {@link ConnectSchema} that is not a map
     */
    Schema keySchema();

    /**
     * @return the schema of an array's elements or a map's values
     * @throws io.kanal.api.errors.DataException when this is a {@link ConnectSchema} that is neither array nor map
     */
    Schema valueSchema();

    /**
     * @return a struct's fields in order
     * @throws io.kanal.api.errors.DataException when this is not a struct schema
     */
    List<Field> fields();

    /**
     * @param fieldName the field's name
     * @return the struct's field of that name, or null when it has none
     * @throws io.kanal.api.errors.DataException when this is not a struct schema
     */
    Field field(String fieldName);

    /**
     * @return the schema itself: a {@link SchemaBuilder} can be passed wherever a schema is expected
     */
    Schema schema();
}
