package io.kanal.codegen;

import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RefreshRetriableException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.protocol.Errors;

/**
 * Generates the {@code Errors} table of every Kafka error code from the pinned kafka-clients release, read at build
 * time: code, name, KIP-1050 category, exception family and the default message.
 *
 * <p>The category and the family come from the exception class kafka-clients maps each code to: KIP-1050 gave those
 * classes the category superclasses ({@code RefreshRetriableException}, {@code ApplicationRecoverableException},
 * ...), so reading the hierarchy at build time keeps Kanal's table in step with Kafka's without a hand-kept list.
 */
public final class ErrorsGenerator {
    /** The package the table and the exception tree live in. */
    public static final String PACKAGE = "io.kanal.client.errors";

    private ErrorsGenerator() {}

    /**
     * The KIP-1050 category of an error, by the class of its kafka-clients exception.
     *
     * @param error the error
     * @return the name of an {@code ErrorCategory} constant
     */
    static String category(Errors error) {
        Throwable e = error.exception();
        if (e instanceof RefreshRetriableException) {
            return "REFRESH_RETRIABLE";
        }
        if (e instanceof RetriableException) {
            return "RETRIABLE";
        }
        if (e instanceof TransactionAbortableException) {
            return "ABORTABLE";
        }
        if (e instanceof ApplicationRecoverableException) {
            return "APPLICATION_RECOVERABLE";
        }
        if (e instanceof InvalidConfigurationException) {
            return "INVALID_CONFIGURATION";
        }
        return "FATAL";
    }

    /**
     * Which security failure an error is, if any: these get their own exception types.
     *
     * @param error the error
     * @return the name of an {@code Errors.Family} constant
     */
    static String family(Errors error) {
        Throwable e = error.exception();
        if (e instanceof AuthenticationException) {
            return "AUTHENTICATION";
        }
        if (e instanceof AuthorizationException) {
            return "AUTHORIZATION";
        }
        return "GENERAL";
    }

    /**
     * Generates {@code Errors.java}.
     *
     * @return the Java source
     */
    public static String generate() {
        CodeWriter out = new CodeWriter();
        out.line("package " + PACKAGE + ";");
        out.blank();
        out.javadoc(
                "Every Kafka error code of the pinned protocol release: code, name, what a caller can do about it",
                "(the KIP-1050 {@link ErrorCategory}), whether it is a security failure ({@link Family}), and the",
                "broker's default message. Generated at build time from kafka-clients' own error table and exception",
                "hierarchy. {@link #forCode} maps a code this table does not know to {@link #UNKNOWN_SERVER_ERROR}.");
        out.open("public enum Errors");
        Errors[] all = Errors.values();
        for (int i = 0; i < all.length; i++) {
            Errors e = all[i];
            String message = e.message() == null ? "" : e.message();
            out.javadoc(CodeWriter.doc(message.isEmpty() ? e.name() : message));
            String category = e == Errors.NONE ? "FATAL" : category(e);
            out.line(e.name() + "((short) " + e.code() + ", ErrorCategory." + category + ", Family." + family(e) + ", "
                    + CodeWriter.quote(message) + ")" + (i == all.length - 1 ? ";" : ","));
        }
        out.blank();
        out.javadoc("Security failures, which have exception types of their own.");
        out.open("public enum Family");
        out.javadoc("The client could not prove who it is.");
        out.line("AUTHENTICATION,");
        out.javadoc("The client is not allowed to do what it asked.");
        out.line("AUTHORIZATION,");
        out.javadoc("Any other error.");
        out.line("GENERAL");
        out.close();
        out.blank();
        out.line("private final short code;");
        out.line("private final ErrorCategory category;");
        out.line("private final Family family;");
        out.line("private final String message;");
        out.blank();
        out.open("Errors(short code, ErrorCategory category, Family family, String message)");
        out.line("this.code = code;");
        out.line("this.category = category;");
        out.line("this.family = family;");
        out.line("this.message = message;");
        out.close();
        out.blank();
        out.javadoc("The code on the wire.", "", "@return the code");
        out.open("public short code()");
        out.line("return code;");
        out.close();
        out.blank();
        out.javadoc(
                "What a caller can do about the error (KIP-1050). {@link #NONE} reports FATAL and is never raised.",
                "",
                "@return the category");
        out.open("public ErrorCategory category()");
        out.line("return category;");
        out.close();
        out.blank();
        out.javadoc("Whether it is a security failure.", "", "@return the family");
        out.open("public Family family()");
        out.line("return family;");
        out.close();
        out.blank();
        out.javadoc(
                "Whether the same request may succeed if retried, perhaps after a metadata refresh.",
                "",
                "@return true if the category is RETRIABLE or REFRESH_RETRIABLE");
        out.open("public boolean retriable()");
        out.line("return category == ErrorCategory.RETRIABLE || category == ErrorCategory.REFRESH_RETRIABLE;");
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
