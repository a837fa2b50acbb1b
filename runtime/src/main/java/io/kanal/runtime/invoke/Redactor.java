package io.kanal.runtime.invoke;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Masks secret values (the values of a connector's PASSWORD keys, resolved config-provider secrets) in text bound
 * for a status, a log or a dead letter queue header: every occurrence of a secret becomes {@value #MASK}, the mask
 * Connect shows for passwords. Longer secrets are masked first, so that a secret containing another is masked
 * whole. Every non-empty secret is masked, however short: a mangled message is better than a leaked password.
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "[hidden]";

    /** Masks nothing. */
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /**
     * A redactor for these secrets; {@code null} and empty values are ignored.
     *
     * @param secrets the secret values
     * @return the redactor
     */
    public static Redactor of(Collection<String> secrets) {
        if (secrets == null) {
            return NONE;
        }
        List<String> sorted = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        return sorted.isEmpty() ? NONE : new Redactor(sorted);
    }

    /**
     * A redactor for these secrets and more.
     *
     * @param more further secret values
     * @return the combined redactor
     */
    public Redactor with(Collection<String> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return of(all);
    }

    /**
     * Masks every secret in {@code text}.
     *
     * @param text the text, or {@code null}
     * @return the masked text; {@code null} for {@code null}
     */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /**
     * A throwable's message, masked. A hostile {@code getMessage()} that throws yields a note saying so.
     *
     * @param error the throwable
     * @return the masked message, or {@code null} when it has none
     */
    public String message(Throwable error) {
        try {
            return redact(error.getMessage());
        } catch (RuntimeException e) {
            return "(getMessage() threw " + e.getClass().getName() + ")";
        }
    }

    /**
     * A throwable's stack trace with its causes and suppressed exceptions, as Java prints it, masked. A hostile
     * throwable whose printing throws yields its class name and a note.
     *
     * @param error the throwable
     * @return the masked trace
     */
    public String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            error.printStackTrace(out);
        } catch (RuntimeException e) {
            return error.getClass().getName() + " (printing its stack trace threw "
                    + e.getClass().getName() + ")";
        }
        return redact(text.toString());
    }

    /**
     * How many secrets this redactor masks (not which).
     *
     * @return the count
     */
    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
