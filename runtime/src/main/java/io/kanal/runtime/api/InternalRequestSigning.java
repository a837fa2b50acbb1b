package io.kanal.runtime.api;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * KIP-507 signatures of internal requests between workers ({@code POST /connectors/{c}/tasks}, {@code PUT
 * /connectors/{c}/fence}): an HMAC of the request body under the cluster's {@link SessionKey}, in the headers {@value
 * #SIGNATURE_HEADER} (Base64) and {@value #SIGNATURE_ALGORITHM_HEADER}, byte for byte as Connect's {@code
 * InternalRequestSignature}, so Kanal and Connect workers can check each other's requests. {@link #check} refuses a
 * request with the status codes and messages of Connect's {@code DistributedHerder.requestNotSignedProperly}.
 *
 * <p><b>Threading.</b> Stateless; each call creates its own {@link Mac}.
 */
public final class InternalRequestSigning {

    /** Connect's header carrying the Base64 signature. */
    public static final String SIGNATURE_HEADER = "X-Connect-Authorization";
    /** Connect's header naming the signature's algorithm. */
    public static final String SIGNATURE_ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm";
    /** Connect's default {@code inter.worker.signature.algorithm}. */
    public static final String DEFAULT_SIGNATURE_ALGORITHM = "HmacSHA256";

    private InternalRequestSigning() {}

    /**
     * The headers that sign an outgoing internal request.
     *
     * @param key the current session key
     * @param algorithm the signature algorithm ({@code inter.worker.signature.algorithm})
     * @param body the exact bytes of the request body that will be sent
     * @return {@value #SIGNATURE_HEADER} and {@value #SIGNATURE_ALGORITHM_HEADER}
     * @throws IllegalArgumentException when the JVM has no such algorithm or the key does not fit it
     */
    public static Map<String, String> sign(SessionKey key, String algorithm, byte[] body) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Mac mac;
        try {
            mac = Mac.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown signature algorithm " + algorithm, e);
        }
        return Map.of(
                SIGNATURE_HEADER,
                Base64.getEncoder().encodeToString(hmac(mac, key, body)),
                SIGNATURE_ALGORITHM_HEADER,
                algorithm);
    }

    /**
     * Checks the signature of an incoming internal request as Connect does: headers that are present but unusable
     * (an algorithm the JVM lacks, a signature that is not Base64) are refused with 400 even when signing is not
     * required; when it is required (the sessioned protocol), a missing signature is 400, an algorithm this worker
     * does not accept 400, no session key yet 503, and a wrong signature 403.
     *
     * @param routing the worker's routing, for the session key and whether signing is required
     * @param body the request body as received
     * @param algorithm the {@value #SIGNATURE_ALGORITHM_HEADER} header, or null
     * @param signature the {@value #SIGNATURE_HEADER} header, or null
     * @throws ApiException when the request must be refused
     */
    public static void check(ClusterRouting routing, byte[] body, String algorithm, String signature) {
        Mac mac = null;
        byte[] claimed = null;
        if (algorithm != null && signature != null) {
            try {
                mac = Mac.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new ApiException(ApiException.BAD_REQUEST, e.getMessage());
            }
            try {
                claimed = Base64.getDecoder().decode(signature);
            } catch (IllegalArgumentException e) {
                throw new ApiException(ApiException.BAD_REQUEST, e.getMessage());
            }
        }
        if (!routing.requestSigningRequired()) {
            return;
        }
        if (mac == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Internal request missing required signature");
        }
        if (!routing.verificationAlgorithms().contains(mac.getAlgorithm())) {
            throw new ApiException(
                    ApiException.BAD_REQUEST,
                    String.format(
                            "This worker does not support the '%s' key signing algorithm used by other workers. This"
                                    + " worker is currently configured to use: %s. Check that all workers'"
                                    + " configuration files permit the same set of signature algorithms, and correct"
                                    + " any misconfigured worker and restart it.",
                            mac.getAlgorithm(), routing.verificationAlgorithms()));
        }
        SessionKey key = routing.sessionKey().orElse(null);
        if (key == null) {
            throw new ApiException(
                    ApiException.UNAVAILABLE,
                    "This worker is still starting up and has not been able to read a session key from the config"
                            + " topic yet");
        }
        byte[] expected;
        try {
            expected = hmac(mac, key, body);
        } catch (IllegalArgumentException e) {
            // The key does not fit the algorithm the sender named: no signature under it can be right.
            expected = null;
        }
        if (expected == null || !MessageDigest.isEqual(expected, claimed)) {
            throw new ApiException(ApiException.FORBIDDEN, "Internal request contained invalid signature.");
        }
    }

    private static byte[] hmac(Mac mac, SessionKey key, byte[] body) {
        try {
            mac.init(new SecretKeySpec(key.key(), key.algorithm()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the session key does not fit " + mac.getAlgorithm(), e);
        }
        return mac.doFinal(body);
    }
}
