package io.kanal.codegen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Emits the {@code read}, {@code write} and {@code size} methods of one generated struct: the per-version branches,
 * the tagged-field section (known tags in order, unknown ones kept and re-emitted in tag order) and the checks that a
 * non-ignorable field a version lacks still has its default.
 */
final class CodecEmitter {
    private final StructRegistry registry;
    private final MessageSpec message;
    private final FieldCodec codec;
    private final CodeWriter out;

    CodecEmitter(StructRegistry registry, FieldCodec codec, CodeWriter out) {
        this.registry = registry;
        this.message = registry.message();
        this.codec = codec;
        this.out = out;
    }

    private boolean hasTaggedSection() {
        return !message.flexibleVersions().isEmpty();
    }

    private List<FieldSpec> taggedFields(StructSpec s) {
        return s.fields().stream()
                .filter(FieldSpec::isTagged)
                .sorted(Comparator.comparingInt(FieldSpec::tag))
                .toList();
    }

    private Versions taggedVersions(FieldSpec f, Versions possible) {
        return f.taggedVersions()
                .intersect(f.versions())
                .intersect(message.flexibleVersions())
                .intersect(possible);
    }

    private String qualified(StructSpec s, FieldSpec f) {
        return CodeWriter.quote(s.name() + "." + f.name());
    }

    void emitRead(StructSpec s, boolean top) {
        Versions possible = registry.possibleVersions(s);
        out.javadoc(
                "Decodes a value.",
                "",
                "@param r the bytes",
                "@param version the protocol version",
                "@return the value",
                "@throws io.kanal.client.errors.ProtocolException if the bytes are malformed");
        out.open("public static " + s.name() + " read(WireReader r, short version)");
        if (top) {
            out.line("checkVersion(version);");
            out.line("r.enter(" + CodeWriter.quote(message.name()) + ", version);");
        }
        for (FieldSpec f : s.fields()) {
            out.line(JavaTypes.type(f) + " f" + f.name() + " = " + JavaTypes.defaultValue(f) + ";");
        }
        if (hasTaggedSection()) {
            out.line("java.util.List<RawTaggedField> unknown = null;");
        }
        for (FieldSpec f : s.fields()) {
            if (f.isTagged()) {
                continue;
            }
            String present = f.versions().condition("version", possible);
            if (present.equals("false")) {
                continue;
            }
            out.openIf(present);
            out.line("r.field(" + qualified(s, f) + ");");
            codec.read(
                    out,
                    f,
                    "f" + f.name(),
                    registry.flexibleVersions(f).condition("version", possible),
                    f.nullableVersions().condition("version", possible),
                    0);
            out.close();
        }
        String flexible = message.flexibleVersions().condition("version", possible);
        if (!flexible.equals("false")) {
            out.openIf(flexible);
            out.line("r.field(" + CodeWriter.quote(s.name() + ".<tagged fields>") + ");");
            out.line("int numTagged = r.readUnsignedVarint();");
            out.line("r.checkCount(numTagged, 2);");
            out.open("for (int t = 0; t < numTagged; t++)");
            out.line("int tag = r.readUnsignedVarint();");
            out.line("int tagSize = r.readUnsignedVarint();");
            out.line("r.checkCount(tagSize, 1);");
            boolean anyKnown = false;
            for (FieldSpec f : taggedFields(s)) {
                String cond = taggedVersions(f, possible).condition("version", possible);
                if (cond.equals("false")) {
                    continue;
                }
                String test = "tag == " + f.tag() + (cond.equals("true") ? "" : " && " + cond);
                if (anyKnown) {
                    out.reopen("else if (" + test + ")");
                } else {
                    out.open("if (" + test + ")");
                }
                anyKnown = true;
                out.line("r.field(" + qualified(s, f) + ");");
                out.line("int end = r.position() + tagSize;");
                codec.read(out, f, "f" + f.name(), "true", f.nullableVersions().condition("version", possible), 0);
                out.line("r.expectPosition(end);");
            }
            if (anyKnown) {
                out.reopen("else");
            }
            out.open("if (unknown == null)");
            out.line("unknown = new java.util.ArrayList<>();");
            out.close();
            out.line("unknown.add(r.readRawTaggedField(tag, tagSize));");
            if (anyKnown) {
                out.close();
            }
            out.close();
            out.close();
        }
        List<String> args = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            args.add("f" + f.name());
        }
        if (hasTaggedSection()) {
            args.add("unknown == null ? java.util.List.of() : java.util.Collections.unmodifiableList(unknown)");
        }
        out.line("return new " + s.name() + "(" + String.join(", ", args) + ");");
        out.close();
        out.blank();
    }

    void emitWrite(StructSpec s, boolean top) {
        Versions possible = registry.possibleVersions(s);
        out.javadoc(
                "Encodes this value.",
                "",
                "@param w where the bytes go",
                "@param version the protocol version",
                "@throws UnsupportedVersionException if a value cannot be expressed at that version");
        out.open("public void write(WireWriter w, short version)");
        if (top) {
            out.line("checkVersion(version);");
        }
        for (FieldSpec f : s.fields()) {
            Versions present =
                    f.isTagged() ? taggedVersions(f, possible) : f.versions().intersect(possible);
            String cond = present.condition("version", possible);
            String value = "this." + f.javaName();
            String mismatch = f.ignorable() ? null : "!(" + JavaTypes.isDefault(f, value) + ")";
            if (f.isTagged()) {
                if (!cond.equals("true") && mismatch != null) {
                    out.open("if (" + (cond.equals("false") ? "" : "!(" + cond + ") && ") + mismatch + ")");
                    out.line("throw nonDefaultField(" + qualified(s, f) + ", version);");
                    out.close();
                }
                continue;
            }
            if (cond.equals("false")) {
                if (mismatch != null) {
                    out.open("if (" + mismatch + ")");
                    out.line("throw nonDefaultField(" + qualified(s, f) + ", version);");
                    out.close();
                }
                continue;
            }
            out.openIf(cond);
            codec.write(
                    out,
                    s.name(),
                    f,
                    value,
                    registry.flexibleVersions(f).condition("version", possible),
                    f.nullableVersions().condition("version", possible),
                    0);
            if (mismatch != null && !cond.equals("true")) {
                out.reopen("else if (" + mismatch + ")");
                out.line("throw nonDefaultField(" + qualified(s, f) + ", version);");
            }
            out.close();
        }
        if (hasTaggedSection()) {
            String flexible = message.flexibleVersions().condition("version", possible);
            if (!flexible.equals("false")) {
                out.openIf(flexible);
                out.line("int numTagged = this.unknownTaggedFields.size();");
                for (FieldSpec f : taggedFields(s)) {
                    String cond = taggedVersions(f, possible).condition("version", possible);
                    if (!cond.equals("false")) {
                        out.open("if (" + cond + " && !(" + JavaTypes.isDefault(f, "this." + f.javaName()) + "))");
                        out.line("numTagged++;");
                        out.close();
                    }
                }
                out.line("w.writeUnsignedVarint(numTagged);");
                out.line("int u = 0;");
                for (FieldSpec f : taggedFields(s)) {
                    String cond = taggedVersions(f, possible).condition("version", possible);
                    if (cond.equals("false")) {
                        continue;
                    }
                    out.line("u = w.writeRawTaggedFields(this.unknownTaggedFields, u, " + f.tag() + ");");
                    String value = "this." + f.javaName();
                    out.open("if (" + cond + " && !(" + JavaTypes.isDefault(f, value) + "))");
                    out.line("int valueSize = 0;");
                    String nullable = f.nullableVersions().condition("version", possible);
                    codec.size(out, f, value, "true", nullable, "valueSize", 0);
                    out.line("w.writeUnsignedVarint(" + f.tag() + ");");
                    out.line("w.writeUnsignedVarint(valueSize);");
                    codec.write(out, s.name(), f, value, "true", nullable, 0);
                    out.close();
                }
                out.line("w.writeRawTaggedFields(this.unknownTaggedFields, u, Integer.MAX_VALUE);");
                if (!flexible.equals("true")) {
                    out.reopen("else if (!this.unknownTaggedFields.isEmpty())");
                    out.line("throw new UnsupportedVersionException(\"Tagged fields were set, but version \" + version"
                            + " + \" of " + message.name() + " does not support them\");");
                }
                out.close();
            } else {
                out.open("if (!this.unknownTaggedFields.isEmpty())");
                out.line("throw new UnsupportedVersionException(\"Tagged fields were set, but version \" + version"
                        + " + \" of " + message.name() + " does not support them\");");
                out.close();
            }
        }
        out.close();
        out.blank();
    }

    void emitSize(StructSpec s, boolean top) {
        Versions possible = registry.possibleVersions(s);
        out.javadoc(
                "The number of bytes {@link #write} produces.",
                "",
                "@param version the protocol version",
                "@return the encoded size");
        out.open("public int size(short version)");
        if (top) {
            out.line("checkVersion(version);");
        }
        out.line("int size = 0;");
        for (FieldSpec f : s.fields()) {
            if (f.isTagged()) {
                continue;
            }
            String cond = f.versions().condition("version", possible);
            if (cond.equals("false")) {
                continue;
            }
            out.openIf(cond);
            codec.size(
                    out,
                    f,
                    "this." + f.javaName(),
                    registry.flexibleVersions(f).condition("version", possible),
                    f.nullableVersions().condition("version", possible),
                    "size",
                    0);
            out.close();
        }
        if (hasTaggedSection()) {
            String flexible = message.flexibleVersions().condition("version", possible);
            if (!flexible.equals("false")) {
                out.openIf(flexible);
                out.line("int numTagged = this.unknownTaggedFields.size();");
                out.line("size += WireSizes.rawTaggedFields(this.unknownTaggedFields);");
                for (FieldSpec f : taggedFields(s)) {
                    String cond = taggedVersions(f, possible).condition("version", possible);
                    if (cond.equals("false")) {
                        continue;
                    }
                    String value = "this." + f.javaName();
                    out.open("if (" + cond + " && !(" + JavaTypes.isDefault(f, value) + "))");
                    out.line("numTagged++;");
                    out.line("int valueSize = 0;");
                    codec.size(
                            out, f, value, "true", f.nullableVersions().condition("version", possible), "valueSize", 0);
                    out.line("size += WireSizes.unsignedVarint(" + f.tag() + ") + WireSizes.unsignedVarint(valueSize)"
                            + " + valueSize;");
                    out.close();
                }
                out.line("size += WireSizes.unsignedVarint(numTagged);");
                out.close();
            }
        }
        out.line("return size;");
        out.close();
    }
}
