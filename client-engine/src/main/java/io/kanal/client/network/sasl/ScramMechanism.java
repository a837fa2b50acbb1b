package io.kanal.client.network.sasl;

import io.kanal.client.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677, Kafka's KIP-84), without channel binding:
 * client-first {@code n,,n=<user>,r=<nonce>}, server-first {@code r=,s=,i=}, client-final with the proof, server-final
 * {@code v=<signature>} checked against the password, or {@code e=<error>}.
 *
 * <p>Every malformed, unexpected or wrong server message ends in a {@link SaslAuthenticationException}; nothing else
 * escapes. The salted password is cleared once the server signature is computed. Owned by one connection's I/O thread.
 */
final class ScramMechanism implements SaslMechanism {
    /** Kafka's brokers refuse fewer iterations: a server asking for fewer is no Kafka broker, or downgrades us. */
    static final int MIN_ITERATIONS = 4096;
    /** More than any sane server asks for; bounds the CPU a hostile server can make us spend. */
    static final int MAX_ITERATIONS = 1 << 20;

    /** The hash behind a SCRAM mechanism. */
    enum Algorithm {
        /** SCRAM-SHA-256. */
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256"),
        /** SCRAM-SHA-512. */
        SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512");

        final String mechanism;
        final String digest;
        final String hmac;

        Algorithm(String mechanism, String digest, String hmac) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.hmac = hmac;
        }
    }

    private enum Step {
        INITIAL,
        FIRST_SENT,
        FINAL_SENT,
        COMPLETE,
        FAILED
    }

    private final Algorithm algorithm;
    private final String username;
    private final String password;
    private final Supplier<String> nonces;
    private final String extensions;
    private Step step = Step.INITIAL;
    private String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * Creates the client.
     *
     * @param algorithm the hash
     * @param username the user
     * @param password the password
     * @param nonces makes the client nonce (printable ASCII without commas)
     * @param tokenAuth whether the credentials are a delegation token ({@code tokenauth=true} extension)
     */
    ScramMechanism(Algorithm algorithm, String username, String password, Supplier<String> nonces, boolean tokenAuth) {
        this.algorithm = algorithm;
        this.username = username;
        this.password = password;
        this.nonces = nonces;
        this.extensions = tokenAuth ? ",tokenauth=true" : "";
    }

    @Override
    public String name() {
        return algorithm.mechanism;
    }

    @Override
    public byte[] initialResponse() {
        if (step != Step.INITIAL) {
            throw fail("the exchange was already started");
        }
        clientNonce = nonces.get();
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce + extensions;
        step = Step.FIRST_SENT;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        try {
            return switch (step) {
                case FIRST_SENT -> onServerFirst(challenge);
                case FINAL_SENT -> onServerFinal(challenge);
                default -> throw fail("unexpected server message in state " + step);
            };
        } catch (SaslAuthenticationException e) {
            step = Step.FAILED;
            throw e;
        }
    }

    @Override
    public boolean isComplete() {
        return step == Step.COMPLETE;
    }

    private byte[] onServerFirst(byte[] challenge) {
        String serverFirst = text(challenge);
        String[] attributes = serverFirst.split(",", -1);
        if (attributes.length < 3) {
            throw fail("malformed server-first message (expected r=,s=,i=)");
        }
        if (attributes[0].startsWith("m=")) {
            throw fail("the server requires an extension this client does not know");
        }
        String nonce = attribute(attributes[0], 'r', "nonce");
        String saltText = attribute(attributes[1], 's', "salt");
        String iterationText = attribute(attributes[2], 'i', "iteration count");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw fail("the server nonce does not extend the client nonce");
        }
        if (!printable(nonce)) {
            throw fail("the server nonce holds characters outside printable ASCII");
        }
        byte[] salt = base64(saltText, "salt");
        if (salt.length == 0) {
            throw fail("empty salt");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw fail("the iteration count is not a number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw fail("iteration count " + iterations + " outside " + MIN_ITERATIONS + "-" + MAX_ITERATIONS);
        }
        String clientFinalWithoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        try {
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authBytes);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authBytes);
            Arrays.fill(clientKey, (byte) 0);
            step = Step.FINAL_SENT;
            return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    private byte[] onServerFinal(byte[] challenge) {
        String serverFinal = text(challenge);
        if (serverFinal.startsWith("e=")) {
            throw fail("the server says: " + clip(serverFinal.substring(2)));
        }
        String[] attributes = serverFinal.split(",", -1);
        byte[] signature = base64(attribute(attributes[0], 'v', "verifier"), "server signature");
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw fail("the server signature is wrong: the server does not know the password");
        }
        step = Step.COMPLETE;
        return null;
    }

    private SaslAuthenticationException fail(String message) {
        return new SaslAuthenticationException(algorithm.mechanism, message);
    }

    private String text(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw fail("empty server message");
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw fail("the server message is not UTF-8");
        }
    }

    private String attribute(String pair, char name, String what) {
        if (pair.length() < 2 || pair.charAt(0) != name || pair.charAt(1) != '=') {
            throw fail("malformed " + what + " attribute: expected " + name + "=");
        }
        return pair.substring(2);
    }

    private byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw fail("the " + what + " is not base64");
        }
    }

    private byte[] hi(byte[] secret, byte[] salt, int iterations) {
        try {
            Mac mac = mac(secret);
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm.hmac);
            mac.init(new SecretKeySpec(key, algorithm.hmac));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.hmac + " is part of every Java 17 runtime", e);
        }
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.digest + " is part of every Java 17 runtime", e);
        }
    }

    /** RFC 5802 saslname: '=' and ',' are escaped. */
    static String saslName(String username) {
        return username.replace("=", "=3D").replace(",", "=2C");
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** A server's error text, shortened and stripped of control characters before it reaches a message. */
    private static String clip(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    @Override
    public String toString() {
        return "ScramMechanism[" + algorithm.mechanism + ", username=" + username + ", step=" + step + "]";
    }
}
