package io.kanal.codegen;

/**
 * The type of a field in a spec: a primitive, {@code records}, a struct, or an array of one of those.
 *
 * @param kind the kind of the value (or of the array elements)
 * @param array whether the field is an array
 * @param structName the struct name when {@code kind} is {@link Kind#STRUCT}
 */
public record FieldType(Kind kind, boolean array, String structName) {

    /** The kinds of value the Kafka specs use. */
    public enum Kind {
        BOOL("boolean", "Boolean", 1),
        INT8("byte", "Byte", 1),
        INT16("short", "Short", 2),
        UINT16("int", "Integer", 2),
        INT32("int", "Integer", 4),
        UINT32("long", "Long", 4),
        INT64("long", "Long", 8),
        FLOAT64("double", "Double", 8),
        UUID("java.util.UUID", "java.util.UUID", 16),
        STRING("String", "String", -1),
        BYTES("java.nio.ByteBuffer", "java.nio.ByteBuffer", -1),
        RECORDS("java.nio.ByteBuffer", "java.nio.ByteBuffer", -1),
        STRUCT(null, null, -1);

        private final String javaType;
        private final String boxedType;
        private final int fixedSize;

        Kind(String javaType, String boxedType, int fixedSize) {
            this.javaType = javaType;
            this.boxedType = boxedType;
            this.fixedSize = fixedSize;
        }

        /**
         * The Java type of a single value.
         *
         * @return the type name
         */
        public String javaType() {
            return javaType;
        }

        /**
         * The boxed Java type, for list elements.
         *
         * @return the type name
         */
        public String boxedType() {
            return boxedType;
        }

        /**
         * The encoded size when fixed.
         *
         * @return the size in bytes, or -1 when it varies
         */
        public int fixedSize() {
            return fixedSize;
        }

        /**
         * Whether values are Java primitives, compared with {@code ==}.
         *
         * @return true for the numeric and boolean kinds
         */
        public boolean isPrimitive() {
            return fixedSize > 0 && this != UUID;
        }
    }

    /**
     * Parses a spec type such as {@code int32}, {@code []string} or {@code []TopicData}.
     *
     * @param text the spec text
     * @return the type
     */
    public static FieldType parse(String text) {
        boolean array = text.startsWith("[]");
        String base = array ? text.substring(2) : text;
        Kind kind =
                switch (base) {
                    case "bool" -> Kind.BOOL;
                    case "int8" -> Kind.INT8;
                    case "int16" -> Kind.INT16;
                    case "uint16" -> Kind.UINT16;
                    case "int32" -> Kind.INT32;
                    case "uint32" -> Kind.UINT32;
                    case "int64" -> Kind.INT64;
                    case "float64" -> Kind.FLOAT64;
                    case "uuid" -> Kind.UUID;
                    case "string" -> Kind.STRING;
                    case "bytes" -> Kind.BYTES;
                    case "records" -> Kind.RECORDS;
                    default -> Kind.STRUCT;
                };
        if (kind == Kind.STRUCT && !Character.isUpperCase(base.charAt(0))) {
            throw new IllegalArgumentException("unknown field type " + text);
        }
        return new FieldType(kind, array, kind == Kind.STRUCT ? base : null);
    }

    /**
     * Whether a single value of this type is a struct.
     *
     * @return true for struct and struct arrays
     */
    public boolean isStruct() {
        return kind == Kind.STRUCT;
    }
}
