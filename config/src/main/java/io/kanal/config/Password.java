package io.kanal.config;

import java.util.Objects;

/**
 * A secret configuration value. Its {@link #toString()} is always {@value #HIDDEN}, so a password cannot leak
 * through logging, string concatenation or an exception message.
 *
 * <p>Deliberately a final class and not a record: serializers such as Jackson discover record components and
 * would write the secret out, while this class has no accessor they recognise. The secret is reached only through
 * {@link #reveal()}, a name that is easy to spot in review.
 */
public final class Password {

    /** What every password shows instead of its value. */
    public static final String HIDDEN = "[hidden]";

    private final String secret;

    /**
     * Wraps a secret.
     *
     * @param secret the secret, possibly empty
     */
    public Password(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /**
     * The secret itself. Call this only where the secret is handed to the system that needs it.
     *
     * @return the secret
     */
    public String reveal() {
        return secret;
    }

    /**
     * Whether the secret is the empty string, so validators can check it without revealing it.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return secret.isEmpty();
    }

    /**
     * Compares secrets, so that parsing the same map twice yields equal configurations.
     *
     * @param other another object
     * @return {@code true} when {@code other} is a password with the same secret
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Password password && secret.equals(password.secret);
    }

    /**
     * Hashes the secret, consistent with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    /**
     * Never the secret.
     *
     * @return {@value #HIDDEN}
     */
    @Override
    public String toString() {
        return HIDDEN;
    }
}
