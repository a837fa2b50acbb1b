/**
 * SASL for the network layer, without I/O: the client side of PLAIN, SCRAM-SHA-256/512 and OAUTHBEARER as
 * {@link io.kanal.client.network.sasl.SaslMechanism} state machines, the {@code sasl.jaas.config} parser, and
 * {@link io.kanal.client.network.sasl.SaslSettings}, which turns Kafka's keys into a factory of mechanisms. The
 * connection ({@code network.SaslSession}) sends what a mechanism produces in SaslAuthenticate requests. Every failure
 * is a {@link io.kanal.client.errors.SaslAuthenticationException}; no message, log line or {@code toString} holds a
 * password or token.
 */
package io.kanal.client.network.sasl;
