package io.kanal.codegen;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;

/**
 * Generates the {@code Errors} table of every Kafka error code from the pinned kafka-clients release, read at build
 * time: code, name, whether the error is retriable, and the default message.
 */
public final class ErrorsGenerator {
    private ErrorsGenerator() {}

    /**
     * Generates {@code Errors.java}.
     *
     * @return the Java source
     */
    public static String generate() {
        CodeWriter out = new CodeWriter();
        out.line("package " + ApiKeyGenerator.PACKAGE + ";");
        out.blank();
        out.javadoc(
                "Every Kafka error code of the pinned protocol release: code, name, whether retrying may succeed, and",
                "the broker's default message. Generated at build time. {@link #forCode} maps a code this table does",
                "not know to {@link #UNKNOWN_SERVER_ERROR}.");
        out.open("public enum Errors");
        Errors[] all = Errors.values();
        for (int i = 0; i < all.length; i++) {
            Errors e = all[i];
            boolean retriable = e.exception() instanceof RetriableException;
            String message = e.message() == null ? "" : e.message();
            out.javadoc(CodeWriter.doc(message.isEmpty() ? e.name() : message));
            out.line(e.name() + "((short) " + e.code() + ", " + retriable + ", " + CodeWriter.quote(message) + ")"
                    + (i == all.length - 1 ? ";" : ","));
        }
        out.blank();
        out.line("private final short code;");
        out.line("private final boolean retriable;");
        out.line("private final String message;");
        out.blank();
        out.open("Errors(short code, boolean retriable, String message)");
        out.line("this.code = code;");
        out.line("this.retriable = retriable;");
        out.line("this.message = message;");
        out.close();
        out.blank();
        out.javadoc("The code on the wire.", "", "@return the code");
        out.open("public short code()");
        out.line("return code;");
        out.close();
        out.blank();
        out.javadoc("Whether the same request may succeed if retried.", "", "@return true if retriable");
        out.open("public boolean retriable()");
        out.line("return retriable;");
        out.close();
        out.blank();
        out.javadoc("The default message.", "", "@return the message");
        out.open("public String message()");
        out.line("return message;");
        out.close();
        out.blank();
        out.javadoc(
                "Finds an error by code.",
                "",
                "@param code the code on the wire",
                "@return the error, or UNKNOWN_SERVER_ERROR if the code is not in the table");
        out.open("public static Errors forCode(short code)");
        out.open("return switch (code)");
        for (Errors e : all) {
            out.line("case " + e.code() + " -> " + e.name() + ";");
        }
        out.line("default -> UNKNOWN_SERVER_ERROR;");
        out.close(";");
        out.close();
        out.close();
        return out.toString();
    }
}
