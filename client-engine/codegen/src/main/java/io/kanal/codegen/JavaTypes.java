package io.kanal.codegen;

/** How spec types and defaults map to Java types and expressions in generated code. */
public final class JavaTypes {
    private JavaTypes() {}

    /**
     * The Java type of a field.
     *
     * @param f the field
     * @return the type as written in source
     */
    public static String type(FieldSpec f) {
        FieldType t = f.type();
        if (t.array()) {
            return "java.util.List<" + (t.isStruct() ? t.structName() : t.kind().boxedType()) + ">";
        }
        return t.isStruct() ? t.structName() : t.kind().javaType();
    }

    /**
     * Whether the Java type of a field is a primitive.
     *
     * @param f the field
     * @return true for single numeric and boolean values
     */
    public static boolean isPrimitive(FieldSpec f) {
        return !f.type().array() && f.type().kind().isPrimitive();
    }

    /**
     * The expression of a field's default value.
     *
     * @param f the field
     * @return a Java expression
     */
    public static String defaultValue(FieldSpec f) {
        String d = f.defaultValue();
        FieldType t = f.type();
        boolean isNull = "null".equals(d);
        if (isNull && !isPrimitive(f)) {
            if (f.nullableVersions().isEmpty()) {
                throw new IllegalArgumentException(f.name() + ": default null but never nullable");
            }
            return "null";
        }
        if (t.array()) {
            return "java.util.List.of()";
        }
        return switch (t.kind()) {
            case BOOL -> Boolean.toString(d != null && Boolean.parseBoolean(d.trim()));
            case INT8 -> "(byte) " + number(d);
            case INT16 -> "(short) " + number(d);
            case UINT16, INT32 -> Long.toString(number(d));
            case UINT32, INT64 -> number(d) + "L";
            case FLOAT64 -> (d == null || d.isBlank() ? "0.0" : Double.toString(Double.parseDouble(d))) + "d";
            case UUID -> "Defaults.ZERO_UUID";
            case STRING -> CodeWriter.quote(d == null ? "" : d);
            case BYTES, RECORDS -> "Defaults.EMPTY_BYTES";
            case STRUCT -> t.structName() + ".builder().build()";
        };
    }

    private static long number(String d) {
        if (d == null || d.isBlank()) {
            return 0;
        }
        String s = d.trim();
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        long value = digits.startsWith("0x") || digits.startsWith("0X")
                ? Long.parseLong(digits.substring(2), 16)
                : Long.parseLong(digits);
        return negative ? -value : value;
    }

    /**
     * A boolean expression that is true when a value equals the field's default.
     *
     * @param f the field
     * @param value the value expression
     * @return a Java expression
     */
    public static String isDefault(FieldSpec f, String value) {
        String d = defaultValue(f);
        if (isPrimitive(f)) {
            return f.type().kind() == FieldType.Kind.FLOAT64
                    ? "Double.compare(" + value + ", " + d + ") == 0"
                    : value + " == " + d;
        }
        if (d.equals("null")) {
            return value + " == null";
        }
        return "java.util.Objects.equals(" + value + ", " + d + ")";
    }
}
