package io.kanal.client.network.sasl;

/**
 * Where OAUTHBEARER tokens come from: an identity provider client, a file refreshed by a side-car, or for tests
 * {@link UnsecuredJwsTokenSource}. Called on a connection's I/O thread at each authentication and re-authentication, so
 * it must return quickly: a source that talks to an identity provider caches its token and refreshes it in the
 * background. Implementations must be thread-safe (every connection of a client shares one).
 */
@FunctionalInterface
public interface OAuthBearerTokenSource {
    /**
     * The token to authenticate with now.
     *
     * @return a token that is valid for a while yet
     * @throws io.kanal.client.errors.SaslAuthenticationException if no token can be had
     */
    OAuthBearerToken token();
}
