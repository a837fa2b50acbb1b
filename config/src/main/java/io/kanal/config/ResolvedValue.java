package io.kanal.config;

import java.util.Objects;

/**
 * A string value whose {@code ${provider:path:key}} references were replaced by a {@link ConfigVariableResolver}.
 * It remembers the original text so that every output path (error messages, {@code toString}, validation results)
 * shows the reference instead of what it resolved to, which is often a secret.
 *
 * <p>{@link ConfigSpec#parse(java.util.Map)} accepts it wherever a string is accepted. Like {@link Password}, it is
 * a final class and not a record, so serializers do not find the resolved text.
 */
public final class ResolvedValue {

    private final String template;
    private final String resolved;

    /**
     * Creates the value.
     *
     * @param template the original text with its {@code ${...}} references
     * @param resolved the text after substitution
     */
    public ResolvedValue(String template, String resolved) {
        this.template = Objects.requireNonNull(template, "template");
        this.resolved = Objects.requireNonNull(resolved, "resolved");
    }

    /**
     * The original text, safe to show.
     *
     * @return for example {@code jdbc:postgresql://${env:DB_HOST}/app}
     */
    public String template() {
        return template;
    }

    /**
     * The substituted text. Call this only to hand the value to the parser or the system that needs it.
     *
     * @return the resolved text
     */
    public String reveal() {
        return resolved;
    }

    /**
     * Compares both forms.
     *
     * @param other another object
     * @return {@code true} for an equal template and resolution
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResolvedValue value
                && template.equals(value.template)
                && resolved.equals(value.resolved);
    }

    /**
     * Hashes both forms.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(template, resolved);
    }

    /**
     * The original text, never the resolution.
     *
     * @return {@link #template()}
     */
    @Override
    public String toString() {
        return template;
    }
}
