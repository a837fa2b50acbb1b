package io.kanal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ${provider:path:key}} or {@code ${provider:key}} reference inside a configuration string.
 *
 * <p>The path is everything between the provider name and the last colon, so a path may itself contain colons
 * ({@code ${file:C:\secrets.properties:db.password}}). There is no escape syntax: text that must keep a literal
 * {@code ${a:b}} cannot be used with a resolver that has a provider named {@code a}.
 *
 * @param text the reference as written, for example {@code ${env:DB_PASSWORD}}
 * @param provider the provider name
 * @param path the path; empty when the reference has none
 * @param key the key within the path
 */
public record VariableReference(String text, String provider, String path, String key) {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):([^{}]+)}");

    /**
     * Checks presence.
     *
     * @param text the reference as written, for example {@code ${env:DB_PASSWORD}}
     * @param provider the provider name
     * @param path the path; empty when the reference has none
     * @param key the key within the path
     */
    public VariableReference {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Finds every reference in a string, left to right.
     *
     * @param value any configuration string
     * @return the references; empty when there are none
     */
    public static List<VariableReference> findAll(String value) {
        List<VariableReference> references = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(value);
        while (matcher.find()) {
            references.add(of(matcher));
        }
        return references;
    }

    /**
     * Replaces each reference for which {@code replacement} returns a value, leaving the others as written.
     *
     * @param value any configuration string
     * @param replacement the resolved text of a reference, or {@code null} to leave it
     * @return the substituted string
     */
    static String substitute(String value, Function<VariableReference, String> replacement) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            VariableReference reference = of(matcher);
            String resolved = replacement.apply(reference);
            matcher.appendReplacement(result, Matcher.quoteReplacement(resolved == null ? reference.text() : resolved));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static VariableReference of(Matcher matcher) {
        String rest = matcher.group(2);
        int lastColon = rest.lastIndexOf(':');
        String path = lastColon < 0 ? "" : rest.substring(0, lastColon);
        String key = lastColon < 0 ? rest : rest.substring(lastColon + 1);
        return new VariableReference(matcher.group(), matcher.group(1), path, key);
    }
}
