package io.kanal.client.network.sasl;

import io.kanal.client.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;

/**
 * SASL PLAIN (RFC 4616): one message, {@code authzid NUL authcid NUL passwd}, with an empty authorization id as
 * Kafka's client sends it. The broker answers with empty bytes or an error. Owned by one connection's I/O thread.
 */
final class PlainMechanism implements SaslMechanism {
    private final String username;
    private final String password;
    private boolean sent;
    private boolean complete;

    PlainMechanism(String username, String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public byte[] initialResponse() {
        if (username.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            throw new SaslAuthenticationException("PLAIN", "the username or password contains a NUL character");
        }
        sent = true;
        return ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        if (!sent || complete) {
            throw new SaslAuthenticationException("PLAIN", "unexpected server message");
        }
        if (challenge.length != 0) {
            throw new SaslAuthenticationException("PLAIN", "the server sent a challenge; PLAIN has none");
        }
        complete = true;
        return null;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String toString() {
        return "PlainMechanism[username=" + username + "]";
    }
}
