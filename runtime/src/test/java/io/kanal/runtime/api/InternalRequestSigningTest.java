package io.kanal.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.connect.runtime.rest.InternalRequestSignature;
import org.junit.jupiter.api.Test;

/**
 * KIP-507 signatures: byte for byte Apache Connect's ({@code InternalRequestSignature} from connect-runtime), and the
 * refusals of Connect's {@code DistributedHerder.requestNotSignedProperly}.
 */
class InternalRequestSigningTest {

    private static final byte[] BODY =
            "[{\"task.class\":\"x\",\"topic\":\"t\"},{\"task.class\":\"x\"}]".getBytes(StandardCharsets.UTF_8);

    private final SessionKey key = newKey("HmacSHA256");

    @Test
    void kanalSignsExactlyAsApacheConnect() throws Exception {
        for (String algorithm : List.of("HmacSHA256", "HmacSHA512", "HmacSHA1")) {
            Map<String, String> headers = InternalRequestSigning.sign(key, algorithm, BODY);

            byte[] apache = apacheSign(algorithm, key, BODY);
            assertThat(headers)
                    .containsEntry(InternalRequestSigning.SIGNATURE_ALGORITHM_HEADER, algorithm)
                    .containsEntry(
                            InternalRequestSigning.SIGNATURE_HEADER,
                            Base64.getEncoder().encodeToString(apache));
            assertThat(new InternalRequestSignature(
                                    BODY,
                                    Mac.getInstance(algorithm),
                                    Base64.getDecoder().decode(headers.get(InternalRequestSigning.SIGNATURE_HEADER)))
                            .isValid(secret(key)))
                    .as("Apache accepts Kanal's %s signature", algorithm)
                    .isTrue();
        }
    }

    @Test
    void anApacheSignatureIsAcceptedAndAnyChangeIsRefusedWith403() throws Exception {
        String apache = Base64.getEncoder().encodeToString(apacheSign("HmacSHA256", key, BODY));
        Routing routing = new Routing(true, Optional.of(key));

        assertThatCode(() -> InternalRequestSigning.check(routing, BODY, "HmacSHA256", apache))
                .doesNotThrowAnyException();

        byte[] changed = BODY.clone();
        changed[3] ^= 1;
        assertRefused(
                () -> InternalRequestSigning.check(routing, changed, "HmacSHA256", apache),
                403,
                "Internal request contained invalid signature.");
        String otherKey = InternalRequestSigning.sign(newKey("HmacSHA256"), "HmacSHA256", BODY)
                .get(InternalRequestSigning.SIGNATURE_HEADER);
        assertRefused(
                () -> InternalRequestSigning.check(routing, BODY, "HmacSHA256", otherKey),
                403,
                "Internal request contained invalid signature.");
    }

    @Test
    void refusalsCarryConnectsStatusCodesAndMessages() {
        Routing routing = new Routing(true, Optional.of(key));
        String good = InternalRequestSigning.sign(key, "HmacSHA256", BODY).get(InternalRequestSigning.SIGNATURE_HEADER);

        assertRefused(
                () -> InternalRequestSigning.check(routing, BODY, null, null),
                400,
                "Internal request missing required signature");
        assertRefused(
                () -> InternalRequestSigning.check(routing, BODY, "HmacSHA256", null),
                400,
                "Internal request missing required signature");
        assertRefused(
                () -> InternalRequestSigning.check(routing, BODY, "HmacSHA512", good),
                400,
                "This worker does not support the 'HmacSHA512' key signing algorithm used by other workers. This"
                        + " worker is currently configured to use: [HmacSHA256]. Check that all workers'"
                        + " configuration files permit the same set of signature algorithms, and correct any"
                        + " misconfigured worker and restart it.");
        assertRefused(
                () -> InternalRequestSigning.check(routing, BODY, "HmacNope", good),
                400,
                apacheNoSuchAlgorithmMessage("HmacNope"));
        assertRefused(
                () -> InternalRequestSigning.check(new Routing(true, Optional.empty()), BODY, "HmacSHA256", good),
                503,
                "This worker is still starting up and has not been able to read a session key from the config topic"
                        + " yet");
    }

    @Test
    void withoutTheSessionedProtocolOnlyUnusableHeadersAreRefused() {
        Routing unsigned = new Routing(false, Optional.empty());

        assertThatCode(() -> InternalRequestSigning.check(unsigned, BODY, null, null))
                .doesNotThrowAnyException();
        assertThatCode(() -> InternalRequestSigning.check(unsigned, BODY, "HmacSHA256", "AAAA"))
                .doesNotThrowAnyException();
        assertRefused(() -> InternalRequestSigning.check(unsigned, BODY, "HmacNope", "AAAA"), 400, null);
        assertRefused(() -> InternalRequestSigning.check(unsigned, BODY, "HmacSHA256", "not base64!"), 400, null);
    }

    @Test
    void theKeyNeverShowsInItsRendering() {
        assertThat(key.toString())
                .contains("HmacSHA256")
                .doesNotContain(Base64.getEncoder().encodeToString(key.key()))
                .doesNotContain(java.util.Arrays.toString(key.key()));
        assertThat(key).isEqualTo(new SessionKey(key.key(), key.algorithm(), key.created()));
    }

    private static void assertRefused(Runnable call, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(status);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    /** Apache's own signing function ({@code InternalRequestSignature.sign}, private). */
    private static byte[] apacheSign(String algorithm, SessionKey key, byte[] body) throws Exception {
        Method sign =
                InternalRequestSignature.class.getDeclaredMethod("sign", Mac.class, SecretKey.class, byte[].class);
        sign.setAccessible(true);
        return (byte[]) sign.invoke(null, Mac.getInstance(algorithm), secret(key), body);
    }

    private static String apacheNoSuchAlgorithmMessage(String algorithm) {
        try {
            Mac.getInstance(algorithm);
            throw new AssertionError("the JVM knows " + algorithm);
        } catch (java.security.NoSuchAlgorithmException e) {
            // what Connect's fromHeaders puts in its BadRequestException
            return e.getMessage();
        }
    }

    private static SecretKey secret(SessionKey key) {
        return new SecretKeySpec(key.key(), key.algorithm());
    }

    private static SessionKey newKey(String algorithm) {
        try {
            SecretKey generated = KeyGenerator.getInstance(algorithm).generateKey();
            return new SessionKey(generated.getEncoded(), algorithm, Instant.parse("2026-12-05T06:00:00Z"));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A worker in the sessioned protocol, or not, with a key or none. */
    private record Routing(boolean requestSigningRequired, Optional<SessionKey> sessionKey) implements ClusterRouting {
        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public Optional<String> leaderUrl() {
            return Optional.empty();
        }

        @Override
        public boolean rebalancing() {
            return false;
        }

        @Override
        public boolean runsConnector(String connector) {
            return true;
        }

        @Override
        public boolean runsTask(String connector, int task) {
            return true;
        }

        @Override
        public Optional<String> connectorOwnerUrl(String connector) {
            return Optional.empty();
        }

        @Override
        public Optional<String> taskOwnerUrl(String connector, int task) {
            return Optional.empty();
        }
    }
}
