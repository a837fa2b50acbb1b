package io.kanal.client.security;

/** A token source whose constructor fails with a message that must not reach the client's error. */
public final class ThrowingTokenSource implements OAuthBearerTokenSource {
    /**
     * Always throws.
     *
     * @throws IllegalStateException always
     */
    public ThrowingTokenSource() {
        throw new IllegalStateException("secret-in-message");
    }

    @Override
    public OAuthBearerToken token() {
        throw new UnsupportedOperationException();
    }
}
