/**
 * What an application plugs into a client's security: the OAUTHBEARER {@link
 * io.kanal.client.security.OAuthBearerTokenSource} and its {@link io.kanal.client.security.OAuthBearerToken}, named
 * by {@code kanal.sasl.oauthbearer.token.source.class}. Values and interfaces only; the mechanisms themselves are the
 * network layer's and stay unexported.
 */
package io.kanal.client.security;
