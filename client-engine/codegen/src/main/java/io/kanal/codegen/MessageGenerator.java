package io.kanal.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates the Java source of one message: an immutable record with a builder and its codec, and a nested record per
 * struct. See the Javadoc of the generated types for the encoding rules they follow.
 */
public final class MessageGenerator {
    /** The package of generated messages. */
    public static final String PACKAGE = "io.kanal.client.protocol.message";

    private final StructRegistry registry;
    private final MessageSpec message;
    private final CodecEmitter codecs;
    private final CodeWriter out = new CodeWriter();

    /**
     * Prepares the generator for one message.
     *
     * @param message the spec
     */
    public MessageGenerator(MessageSpec message) {
        this.message = message;
        this.registry = new StructRegistry(message);
        this.codecs = new CodecEmitter(registry, new FieldCodec(registry), out);
    }

    /**
     * Generates the source file.
     *
     * @return the Java source
     */
    public String generate() {
        out.line("package " + PACKAGE + ";");
        out.blank();
        out.line("import io.kanal.client.errors.UnsupportedVersionException;");
        if (message.isApiMessage()) {
            out.line("import io.kanal.client.protocol.ApiKey;");
            out.line("import io.kanal.client.protocol.ApiMessage;");
        }
        if (isThrottled()) {
            out.line("import io.kanal.client.protocol.ThrottledResponse;");
        }
        out.line("import io.kanal.client.protocol.wire.Defaults;");
        out.line("import io.kanal.client.protocol.wire.Message;");
        out.line("import io.kanal.client.protocol.wire.RawTaggedField;");
        out.line("import io.kanal.client.protocol.wire.WireReader;");
        out.line("import io.kanal.client.protocol.wire.WireSizes;");
        out.line("import io.kanal.client.protocol.wire.WireWriter;");
        out.blank();
        List<StructSpec> structs = registry.structs();
        emitStruct(structs.get(0), true, structs.subList(1, structs.size()));
        return out.toString();
    }

    /** Responses with a top-level ThrottleTimeMs (0 at versions without it), so the network layer can honour it. */
    private boolean isThrottled() {
        return message.type().equals("response")
                && message.fields().stream()
                        .anyMatch(f -> f.name().equals("ThrottleTimeMs")
                                && f.type().kind() == FieldType.Kind.INT32
                                && !f.type().array()
                                && !f.isTagged());
    }

    private boolean hasTaggedSection() {
        return !message.flexibleVersions().isEmpty();
    }

    /** Components of a struct's record, in order. */
    private List<String> components(StructSpec s) {
        List<String> names = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            names.add(f.javaName());
        }
        if (hasTaggedSection()) {
            names.add("unknownTaggedFields");
        }
        return names;
    }

    private void emitStruct(StructSpec s, boolean top, List<StructSpec> nested) {
        List<String> doc = new ArrayList<>();
        if (top) {
            doc.add("The Kafka {@code " + message.name() + "} " + message.type()
                    + (message.apiKey() != null ? " (API key " + message.apiKey() + ")" : "") + ", versions "
                    + message.validVersions()
                    + (hasTaggedSection() ? ", flexible versions " + message.flexibleVersions() : "")
                    + ".");
            doc.add("");
            doc.add(
                    "<p>Generated from Kafka's JSON message spec. Immutable: lists handed to the constructor or builder");
            doc.add("must not be changed afterwards; byte buffers are read-only views.");
        } else {
            doc.add("The {@code " + s.name() + "} struct of {@link " + message.name() + "}.");
        }
        doc.add("");
        for (FieldSpec f : s.fields()) {
            doc.add("@param " + f.javaName() + " " + CodeWriter.doc(f.about().isEmpty() ? f.name() : f.about())
                    + " (versions " + f.versions() + (f.isTagged() ? ", tagged " + f.taggedVersions() : "")
                    + (f.nullableVersions().isEmpty() ? "" : ", nullable " + f.nullableVersions()) + ")");
        }
        if (hasTaggedSection()) {
            doc.add(
                    "@param unknownTaggedFields tagged fields this version of Kanal does not know, kept for re-encoding");
        }
        out.javadoc(doc.toArray(String[]::new));
        List<String> params = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            if (top && message.isApiMessage() && f.javaName().equals("apiKey")) {
                throw new IllegalArgumentException(message.name() + " has a field that clashes with apiKey()");
            }
            params.add(JavaTypes.type(f) + " " + f.javaName());
        }
        if (hasTaggedSection()) {
            params.add("java.util.List<RawTaggedField> unknownTaggedFields");
        }
        String implementsClause = "";
        if (top) {
            implementsClause = message.isApiMessage() ? " implements ApiMessage" : " implements Message";
            if (isThrottled()) {
                implementsClause += ", ThrottledResponse";
            }
        }
        out.open("public record " + s.name() + "(" + String.join(", ", params) + ")" + implementsClause);
        if (top) {
            emitTopConstants();
        }
        emitConstructor(s);
        emitBuilderFactories(s);
        codecs.emitRead(s, top);
        codecs.emitWrite(s, top);
        codecs.emitSize(s, top);
        if (top) {
            emitTopHelpers();
        }
        emitBuilder(s);
        for (StructSpec n : nested) {
            out.blank();
            emitStruct(n, false, List.of());
        }
        out.close();
    }

    private void emitTopConstants() {
        out.javadoc("The lowest version of this message.");
        out.line("public static final short LOWEST_SUPPORTED_VERSION = "
                + message.validVersions().lowest() + ";");
        out.blank();
        out.javadoc("The highest version of this message.");
        out.line("public static final short HIGHEST_SUPPORTED_VERSION = "
                + message.validVersions().highest() + ";");
        out.blank();
    }

    private void emitTopHelpers() {
        if (message.isApiMessage()) {
            out.blank();
            out.line("@Override");
            out.open("public ApiKey apiKey()");
            out.line("return ApiKey." + ApiKeyGenerator.constantName(message) + ";");
            out.close();
        }
        out.blank();
        out.line("@Override");
        out.open("public short lowestSupportedVersion()");
        out.line("return LOWEST_SUPPORTED_VERSION;");
        out.close();
        out.blank();
        out.line("@Override");
        out.open("public short highestSupportedVersion()");
        out.line("return HIGHEST_SUPPORTED_VERSION;");
        out.close();
        out.blank();
        out.open("private static void checkVersion(short version)");
        out.open("if (version < LOWEST_SUPPORTED_VERSION || version > HIGHEST_SUPPORTED_VERSION)");
        out.line("throw new UnsupportedVersionException(" + CodeWriter.quote(message.name() + " has no version ")
                + " + version + " + CodeWriter.quote("; its versions are " + message.validVersions()) + ");");
        out.close();
        out.close();
        out.blank();
        out.open("static UnsupportedVersionException nullField(String field, short version)");
        out.line("return new UnsupportedVersionException(\"" + message.name()
                + " field \" + field + \" is null, which version \" + version + \" does not allow\");");
        out.close();
        out.blank();
        out.open("static UnsupportedVersionException nonDefaultField(String field, short version)");
        out.line("return new UnsupportedVersionException(\"Attempted to write a non-default " + message.name()
                + " field \" + field + \" at version \" + version + \", which does not have it\");");
        out.close();
    }

    private void emitConstructor(StructSpec s) {
        out.javadoc("Validates the components.");
        out.open("public " + s.name());
        for (FieldSpec f : s.fields()) {
            if (!JavaTypes.isPrimitive(f) && f.nullableVersions().isEmpty()) {
                out.line("java.util.Objects.requireNonNull(" + f.javaName() + ", " + CodeWriter.quote(f.javaName())
                        + ");");
            }
        }
        if (hasTaggedSection()) {
            out.line("unknownTaggedFields = unknownTaggedFields == null ? java.util.List.of() : unknownTaggedFields;");
        }
        out.close();
        out.blank();
    }

    private void emitBuilderFactories(StructSpec s) {
        out.javadoc("A builder whose fields start at the spec defaults.", "", "@return the builder");
        out.open("public static Builder builder()");
        out.line("return new Builder();");
        out.close();
        out.blank();
        out.javadoc("A builder that starts from this value.", "", "@return the builder");
        out.open("public Builder toBuilder()");
        out.line("Builder b = new Builder();");
        for (String c : components(s)) {
            out.line("b." + c + " = this." + c + ";");
        }
        out.line("return b;");
        out.close();
        out.blank();
    }

    private void emitBuilder(StructSpec s) {
        out.blank();
        out.javadoc("Builds {@link " + s.name() + "} values. Not thread-safe.");
        out.open("public static final class Builder");
        for (FieldSpec f : s.fields()) {
            out.line("private " + JavaTypes.type(f) + " " + f.javaName() + " = " + JavaTypes.defaultValue(f) + ";");
        }
        if (hasTaggedSection()) {
            out.line("private java.util.List<RawTaggedField> unknownTaggedFields = java.util.List.of();");
        }
        out.blank();
        out.line("private Builder() {}");
        for (FieldSpec f : s.fields()) {
            out.blank();
            out.javadoc(
                    "Sets " + f.name() + ": " + CodeWriter.doc(f.about()),
                    "",
                    "@param value the value",
                    "@return this");
            out.open("public Builder " + f.javaName() + "(" + JavaTypes.type(f) + " value)");
            out.line("this." + f.javaName() + " = value;");
            out.line("return this;");
            out.close();
        }
        if (hasTaggedSection()) {
            out.blank();
            out.javadoc(
                    "Sets the unknown tagged fields.", "", "@param value the fields, by ascending tag", "@return this");
            out.open("public Builder unknownTaggedFields(java.util.List<RawTaggedField> value)");
            out.line("this.unknownTaggedFields = value;");
            out.line("return this;");
            out.close();
        }
        out.blank();
        out.javadoc("Creates the value.", "", "@return the value");
        out.open("public " + s.name() + " build()");
        out.line("return new " + s.name() + "(" + String.join(", ", components(s)) + ");");
        out.close();
        out.close();
    }
}
