package io.kanal.codegen;

import java.util.List;
import java.util.Map;

/**
 * Generates the {@code ApiKey} enum (one constant per API with valid versions) and {@code ApiMessages}, which decodes
 * a request or response body by API key.
 */
public final class ApiKeyGenerator {
    /** The package of {@code ApiKey}. */
    public static final String PACKAGE = "io.kanal.client.protocol";

    private ApiKeyGenerator() {}

    /**
     * The enum constant name of an API: the message name without Request/Response, in upper snake case.
     *
     * @param message a request or response
     * @return e.g. {@code OFFSET_FOR_LEADER_EPOCH}
     */
    public static String constantName(MessageSpec message) {
        return upperSnake(apiName(message));
    }

    /**
     * The API name: the message name without its Request or Response suffix.
     *
     * @param message a request or response
     * @return e.g. {@code OffsetForLeaderEpoch}
     */
    public static String apiName(MessageSpec message) {
        return message.name().replaceFirst("(Request|Response)$", "");
    }

    static String upperSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
                .toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Generates {@code ApiKey.java}.
     *
     * @param requests the request specs with valid versions, by API key
     * @param responses the response specs, by API key
     * @return the Java source
     */
    public static String generateApiKey(List<MessageSpec> requests, Map<Short, MessageSpec> responses) {
        CodeWriter out = new CodeWriter();
        out.line("package " + PACKAGE + ";");
        out.blank();
        out.javadoc(
                "Every Kafka API of the pinned protocol specs: its key, name, versions and header rules. Generated.",
                "",
                "<p>Request headers are v2 for flexible request versions and v1 otherwise; response headers are v1 for",
                "flexible versions and v0 otherwise, except that an ApiVersions response always uses header v0 so that",
                "a client can read it whatever version it asked for.");
        out.open("public enum ApiKey");
        for (int i = 0; i < requests.size(); i++) {
            MessageSpec req = requests.get(i);
            MessageSpec resp = responses.get(req.apiKey());
            if (resp == null || !resp.validVersions().equals(req.validVersions())) {
                throw new IllegalArgumentException("request and response versions differ for " + req.name());
            }
            Versions flex = req.flexibleVersions();
            out.javadoc(
                    "The " + apiName(req) + " API, key " + req.apiKey() + ", versions " + req.validVersions() + ".");
            out.line(constantName(req) + "((short) " + req.apiKey() + ", " + CodeWriter.quote(apiName(req))
                    + ", (short) " + req.validVersions().lowest() + ", (short) "
                    + req.validVersions().highest()
                    + ", (short) " + (flex.isEmpty() ? -1 : flex.lowest()) + ", " + req.latestVersionUnstable()
                    + ")" + (i == requests.size() - 1 ? ";" : ","));
        }
        out.blank();
        out.line("private final short id;");
        out.line("private final String apiName;");
        out.line("private final short lowestVersion;");
        out.line("private final short highestVersion;");
        out.line("private final short lowestFlexibleVersion;");
        out.line("private final boolean latestVersionUnstable;");
        out.blank();
        out.open(
                "ApiKey(short id, String apiName, short lowestVersion, short highestVersion, short lowestFlexibleVersion,"
                        + " boolean latestVersionUnstable)");
        out.line("this.id = id;");
        out.line("this.apiName = apiName;");
        out.line("this.lowestVersion = lowestVersion;");
        out.line("this.highestVersion = highestVersion;");
        out.line("this.lowestFlexibleVersion = lowestFlexibleVersion;");
        out.line("this.latestVersionUnstable = latestVersionUnstable;");
        out.close();
        getter(out, "short", "id", "The API key on the wire.");
        getter(out, "String", "apiName", "The API name, as Kafka writes it (e.g. {@code ApiVersions}).");
        getter(out, "short", "lowestVersion", "The lowest version in the specs.");
        getter(out, "short", "highestVersion", "The highest version in the specs.");
        getter(
                out,
                "boolean",
                "latestVersionUnstable",
                "Whether the highest version is still under development (brokers serve it only when told to).");
        out.blank();
        out.javadoc("Whether a version is in the specs.", "", "@param version the version", "@return true if valid");
        out.open("public boolean isValidVersion(short version)");
        out.line("return version >= lowestVersion && version <= highestVersion;");
        out.close();
        out.blank();
        out.javadoc(
                "Whether a version uses compact encodings and tagged fields.",
                "",
                "@param version the version",
                "@return true if flexible");
        out.open("public boolean isFlexible(short version)");
        out.line("return lowestFlexibleVersion >= 0 && version >= lowestFlexibleVersion;");
        out.close();
        out.blank();
        out.javadoc(
                "The request header version for a version of this API.",
                "",
                "@param version the API version",
                "@return 2 for flexible versions, otherwise 1");
        out.open("public short requestHeaderVersion(short version)");
        out.line("return isFlexible(version) ? (short) 2 : (short) 1;");
        out.close();
        out.blank();
        out.javadoc(
                "The response header version for a version of this API.",
                "",
                "@param version the API version",
                "@return 1 for flexible versions, otherwise 0; always 0 for ApiVersions");
        out.open("public short responseHeaderVersion(short version)");
        out.open("if (this == API_VERSIONS)");
        out.line("return 0;");
        out.close();
        out.line("return isFlexible(version) ? (short) 1 : (short) 0;");
        out.close();
        out.blank();
        out.javadoc(
                "Finds an API by its key.", "", "@param id the key on the wire", "@return the API, or null if unknown");
        out.open("public static ApiKey forId(int id)");
        out.open("return switch (id)");
        for (MessageSpec req : requests) {
            out.line("case " + req.apiKey() + " -> " + constantName(req) + ";");
        }
        out.line("default -> null;");
        out.close(";");
        out.close();
        out.close();
        return out.toString();
    }

    private static void getter(CodeWriter out, String type, String name, String doc) {
        out.blank();
        out.javadoc(doc, "", "@return the value");
        out.open("public " + type + " " + name + "()");
        out.line("return " + name + ";");
        out.close();
    }

    /**
     * Generates {@code ApiMessages.java}, the decoding dispatch by API key.
     *
     * @param requests the request specs with valid versions
     * @param responses the response specs, by API key
     * @return the Java source
     */
    public static String generateDispatch(List<MessageSpec> requests, Map<Short, MessageSpec> responses) {
        CodeWriter out = new CodeWriter();
        out.line("package " + MessageGenerator.PACKAGE + ";");
        out.blank();
        out.line("import io.kanal.client.protocol.ApiKey;");
        out.line("import io.kanal.client.protocol.ApiMessage;");
        out.line("import io.kanal.client.protocol.wire.WireReader;");
        out.blank();
        out.javadoc("Decodes request and response bodies by API key. Generated.");
        out.open("public final class ApiMessages");
        out.line("private ApiMessages() {}");
        for (String kind : List.of("Request", "Response")) {
            out.blank();
            out.javadoc(
                    "Decodes a " + kind.toLowerCase(java.util.Locale.ROOT) + " body.",
                    "",
                    "@param api the API",
                    "@param r the bytes after the header",
                    "@param version the API version",
                    "@return the message");
            out.open("public static ApiMessage read" + kind + "(ApiKey api, WireReader r, short version)");
            out.open("return switch (api)");
            for (MessageSpec req : requests) {
                String name = kind.equals("Request")
                        ? req.name()
                        : responses.get(req.apiKey()).name();
                out.line("case " + constantName(req) + " -> " + name + ".read(r, version);");
            }
            out.close(";");
            out.close();
        }
        out.close();
        return out.toString();
    }
}
