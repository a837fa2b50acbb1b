package io.kanal.client.network.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.SaslAuthenticationException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.auth.callback.Callback;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScramMechanismTest {
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static ScramMechanism rfc7677Client() {
        return new ScramMechanism(ScramMechanism.Algorithm.SHA_256, "user", "pencil", () -> CLIENT_NONCE, false);
    }

    @Test
    void followsTheRfc7677Example() {
        ScramMechanism client = rfc7677Client();
        assertThat(text(client.initialResponse())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(text(client.evaluateChallenge(bytes(SERVER_FIRST))))
                .isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(client.isComplete()).isFalse();
        assertThat(client.evaluateChallenge(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isNull();
        assertThat(client.isComplete()).isTrue();
    }

    @Test
    void aWrongServerSignatureOrAnErrorFails() {
        ScramMechanism client = rfc7677Client();
        client.initialResponse();
        client.evaluateChallenge(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> client.evaluateChallenge(bytes("v=AAAArriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("SCRAM-SHA-256")
                .hasMessageContaining("server signature");
        assertThat(client.isComplete()).isFalse();

        ScramMechanism other = rfc7677Client();
        other.initialResponse();
        other.evaluateChallenge(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> other.evaluateChallenge(bytes("e=invalid-proof")))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid-proof")
                .hasMessageNotContaining("pencil");
    }

    @Test
    void refusesWeakOrForeignServerFirstMessages() {
        String[] bad = {
            "r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4095", // too few iterations
            "r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", // does not extend ours
            "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", // adds nothing
            "m=ext,r=rOprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            "r=rOprNGfwEbeRWgbNEkqO%hv,s=not*base64,i=4096",
            "r=rOprNGfwEbeRWgbNEkqO%hv,i=4096,s=W22ZaJ0SNY7soEsUEjb6gQ==",
        };
        for (String message : bad) {
            ScramMechanism client = rfc7677Client();
            client.initialResponse();
            assertThatThrownBy(() -> client.evaluateChallenge(bytes(message)))
                    .as(message)
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void escapesTheUserName() {
        ScramMechanism client = new ScramMechanism(ScramMechanism.Algorithm.SHA_512, "a=b,c", "p", () -> "nonce", true);
        assertThat(text(client.initialResponse())).isEqualTo("n,,n=a=3Db=2Cc,r=nonce,tokenauth=true");
    }

    /** Kafka's own SCRAM server (kafka-clients, test scope) as the golden peer, for both hashes. */
    @ParameterizedTest
    @EnumSource(ScramMechanism.Algorithm.class)
    void authenticatesAgainstKafkasScramServer(ScramMechanism.Algorithm algorithm) throws Exception {
        org.apache.kafka.common.security.scram.internals.ScramMechanism kafkaMechanism =
                org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(algorithm.mechanism);
        ScramCredential credential = new ScramFormatter(kafkaMechanism).generateCredential("w0rd,=p", 8192);
        javax.security.auth.callback.CallbackHandler handler = callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof ScramCredentialCallback c) {
                    c.scramCredential(credential);
                }
            }
        };
        // Reached by reflection: its javax.security.sasl supertype is outside the modules this test compiles against.
        Class<?> serverClass = Class.forName("org.apache.kafka.common.security.scram.internals.ScramSaslServer");
        Object server = serverClass
                .getConstructor(
                        kafkaMechanism.getClass(), Map.class, javax.security.auth.callback.CallbackHandler.class)
                .newInstance(kafkaMechanism, Map.of(), handler);
        Method evaluate = serverClass.getMethod("evaluateResponse", byte[].class);
        SaslSettings settings = SaslSettings.from(algorithm.mechanism, null, "al,ice", "w0rd,=p", null);
        SaslMechanism client = settings.clients().get();
        byte[] serverFirst = (byte[]) evaluate.invoke(server, (Object) client.initialResponse());
        byte[] serverFinal = (byte[]) evaluate.invoke(server, (Object) client.evaluateChallenge(serverFirst));
        assertThat(serverClass.getMethod("isComplete").invoke(server)).isEqualTo(true);
        assertThat(serverClass.getMethod("getAuthorizationID").invoke(server)).isEqualTo("al,ice");
        assertThat(client.evaluateChallenge(serverFinal)).isNull();
        assertThat(client.isComplete()).isTrue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
