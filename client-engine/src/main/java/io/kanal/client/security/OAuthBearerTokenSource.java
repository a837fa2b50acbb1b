package io.kanal.client.security;

import java.util.Map;

/**
 * Where OAUTHBEARER tokens come from: an identity provider client, a file refreshed by a side-car, or for tests an
 * unsecured JWS. Named by {@code kanal.sasl.oauthbearer.token.source.class} (a public class with a public no-arg
 * constructor), it replaces the unsecured token that {@code sasl.jaas.config}'s {@code unsecuredLogin*} options
 * describe. Called on a connection's I/O thread at each authentication and re-authentication, so it must return
 * quickly: a source that talks to an identity provider caches its token and refreshes it in the background.
 * Implementations must be thread-safe (every connection of a client shares one).
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

    /**
     * Called once, right after the no-arg constructor, when the client creates the source from its configuration and
     * before any {@link #token()}. Does nothing unless overridden.
     *
     * @param clientSettings every key the client was given, with its value as text; secrets are revealed, so never
     *     log or show the map
     */
    default void configure(Map<String, ?> clientSettings) {}
}
