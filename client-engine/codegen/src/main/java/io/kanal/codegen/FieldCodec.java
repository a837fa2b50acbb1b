package io.kanal.codegen;

/**
 * Emits the statements that read, write and size one field value. Conditions on the version are passed in as Java
 * expressions already simplified for the struct's possible versions.
 */
final class FieldCodec {
    private final StructRegistry registry;

    FieldCodec(StructRegistry registry) {
        this.registry = registry;
    }

    private static String writeCall(FieldType.Kind kind, String value, String flexible) {
        return switch (kind) {
            case BOOL -> "w.writeBool(" + value + ");";
            case INT8 -> "w.writeInt8(" + value + ");";
            case INT16 -> "w.writeInt16(" + value + ");";
            case UINT16 -> "w.writeUint16(" + value + ");";
            case INT32 -> "w.writeInt32(" + value + ");";
            case UINT32 -> "w.writeUint32(" + value + ");";
            case INT64 -> "w.writeInt64(" + value + ");";
            case FLOAT64 -> "w.writeFloat64(" + value + ");";
            case UUID -> "w.writeUuid(" + value + ");";
            case STRING -> "w.writeString(" + value + ", " + flexible + ");";
            case BYTES, RECORDS -> "w.writeBytes(" + value + ", " + flexible + ");";
            case STRUCT -> value + ".write(w, version);";
        };
    }

    private static String readCall(FieldType t, String flexible, String nullable) {
        return switch (t.kind()) {
            case BOOL -> "r.readBool()";
            case INT8 -> "r.readInt8()";
            case INT16 -> "r.readInt16()";
            case UINT16 -> "r.readUint16()";
            case INT32 -> "r.readInt32()";
            case UINT32 -> "r.readUint32()";
            case INT64 -> "r.readInt64()";
            case FLOAT64 -> "r.readFloat64()";
            case UUID -> "r.readUuid()";
            case STRING -> "r.readString(" + flexible + ", " + nullable + ")";
            case BYTES, RECORDS -> "r.readBytes(" + flexible + ", " + nullable + ")";
            case STRUCT -> t.structName() + ".read(r, version)";
        };
    }

    private static String sizeOf(FieldType.Kind kind, String value, String flexible) {
        return switch (kind) {
            case STRING -> "WireSizes.string(" + value + ", " + flexible + ")";
            case BYTES, RECORDS -> "WireSizes.bytes(" + value + ", " + flexible + ")";
            case STRUCT -> value + ".size(version)";
            default -> Integer.toString(kind.fixedSize());
        };
    }

    /**
     * Emits statements that write a value.
     *
     * @param out the code
     * @param f the field
     * @param value the value expression
     * @param flexible whether compact encodings apply
     * @param nullable whether null may be written
     * @param depth nesting depth, for unique local names
     */
    void write(
            CodeWriter out, String structName, FieldSpec f, String value, String flexible, String nullable, int depth) {
        FieldType t = f.type();
        boolean canBeNull = !f.nullableVersions().isEmpty() && !JavaTypes.isPrimitive(f);
        if (canBeNull && !nullable.equals("true")) {
            String test = nullable.equals("false") ? value + " == null" : value + " == null && !(" + nullable + ")";
            out.open("if (" + test + ")");
            out.line("throw nullField(" + CodeWriter.quote(structName + "." + f.name()) + ", version);");
            out.close();
        }
        if (t.array()) {
            String e = "e" + depth;
            if (canBeNull) {
                out.open("if (" + value + " == null)");
                out.line("w.writeArrayLength(-1, " + flexible + ");");
                out.reopen("else");
            }
            out.line("w.writeArrayLength(" + value + ".size(), " + flexible + ");");
            String element = t.isStruct() ? t.structName() : t.kind().boxedType();
            out.open("for (" + element + " " + e + " : " + value + ")");
            out.line(writeCall(t.kind(), e, flexible));
            out.close();
            if (canBeNull) {
                out.close();
            }
        } else if (t.isStruct() && canBeNull) {
            out.open("if (" + value + " == null)");
            out.line("w.writeInt8((byte) -1);");
            out.reopen("else");
            if (nullable.equals("true")) {
                out.line("w.writeInt8((byte) 1);");
            } else {
                out.open("if (" + nullable + ")");
                out.line("w.writeInt8((byte) 1);");
                out.close();
            }
            out.line(value + ".write(w, version);");
            out.close();
        } else {
            out.line(writeCall(t.kind(), value, flexible));
        }
    }

    /**
     * Emits statements that add a value's encoded size to a local variable.
     *
     * @param out the code
     * @param f the field
     * @param value the value expression
     * @param flexible whether compact encodings apply
     * @param nullable whether null may be written
     * @param target the int variable to add to
     * @param depth nesting depth, for unique local names
     */
    void size(CodeWriter out, FieldSpec f, String value, String flexible, String nullable, String target, int depth) {
        FieldType t = f.type();
        boolean canBeNull = !f.nullableVersions().isEmpty() && !JavaTypes.isPrimitive(f);
        if (t.array()) {
            out.line(target + " += WireSizes.arrayLength(" + (canBeNull ? value + " == null ? -1 : " : "") + value
                    + ".size(), " + flexible + ");");
            if (canBeNull) {
                out.open("if (" + value + " != null)");
            }
            if (t.kind().fixedSize() > 0) {
                out.line(target + " += " + value + ".size() * " + t.kind().fixedSize() + ";");
            } else {
                String e = "e" + depth;
                String element = t.isStruct() ? t.structName() : t.kind().boxedType();
                out.open("for (" + element + " " + e + " : " + value + ")");
                out.line(target + " += " + sizeOf(t.kind(), e, flexible) + ";");
                out.close();
            }
            if (canBeNull) {
                out.close();
            }
        } else if (t.isStruct() && canBeNull) {
            if (nullable.equals("true")) {
                out.line(target + " += 1;");
            } else {
                out.open("if (" + nullable + ")");
                out.line(target + " += 1;");
                out.close();
            }
            out.open("if (" + value + " != null)");
            out.line(target + " += " + value + ".size(version);");
            out.close();
        } else {
            out.line(target + " += " + sizeOf(t.kind(), value, flexible) + ";");
        }
    }

    /**
     * Emits statements that read a value into a local variable.
     *
     * @param out the code
     * @param f the field
     * @param target the variable to assign
     * @param flexible whether compact encodings apply
     * @param nullable whether null may be read
     * @param depth nesting depth, for unique local names
     */
    void read(CodeWriter out, FieldSpec f, String target, String flexible, String nullable, int depth) {
        FieldType t = f.type();
        if (t.array()) {
            String n = "n" + depth;
            String list = "list" + depth;
            String i = "i" + depth;
            String element = t.isStruct() ? t.structName() : t.kind().boxedType();
            int min = t.isStruct()
                    ? registry.minSize(registry.struct(t.structName()))
                    : Math.max(1, t.kind().fixedSize());
            out.line("int " + n + " = r.readArrayLength(" + flexible + ", " + nullable + ", " + min + ");");
            out.open("if (" + n + " < 0)");
            out.line(target + " = null;");
            out.reopen("else");
            out.line("java.util.List<" + element + "> " + list + " = new java.util.ArrayList<>(" + n + ");");
            out.open("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++)");
            out.line(list + ".add(" + readCall(t, flexible, "false") + ");");
            out.close();
            out.line(target + " = java.util.Collections.unmodifiableList(" + list + ");");
            out.close();
        } else if (t.isStruct() && !f.nullableVersions().isEmpty()) {
            String marker = nullable.equals("true") ? "r.readInt8() < 0" : "(" + nullable + ") && r.readInt8() < 0";
            out.open("if (" + marker + ")");
            out.line(target + " = null;");
            out.reopen("else");
            out.line(target + " = " + readCall(t, flexible, nullable) + ";");
            out.close();
        } else {
            out.line(target + " = " + readCall(t, flexible, nullable) + ";");
        }
    }
}
