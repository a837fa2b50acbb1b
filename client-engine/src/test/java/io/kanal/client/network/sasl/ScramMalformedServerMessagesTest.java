package io.kanal.client.network.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a server sends, the SCRAM client answers with a well-formed next message or a
 * {@link SaslAuthenticationException}: never another exception, never success on a server that cannot prove it knows
 * the password.
 */
class ScramMalformedServerMessagesTest {
    private static final String NONCE = "clientNonce123";

    @Property(tries = 400)
    void aServerFirstMessageGetsAProofOrATypedError(
            @ForAll("algorithms") ScramMechanism.Algorithm algorithm, @ForAll("serverFirst") byte[] message) {
        ScramMechanism client = new ScramMechanism(algorithm, "user", "pencil", () -> NONCE, false);
        client.initialResponse();
        byte[] answer;
        try {
            answer = client.evaluateChallenge(message);
        } catch (SaslAuthenticationException e) {
            assertThat(e.mechanism()).isEqualTo(algorithm.mechanism);
            assertThat(e.getMessage()).doesNotContain("pencil");
            assertThat(client.isComplete()).isFalse();
            return;
        }
        assertThat(new String(answer, StandardCharsets.UTF_8))
                .startsWith("c=biws,r=" + NONCE)
                .contains(",p=");
        assertThat(client.isComplete()).isFalse();
    }

    @Property(tries = 200)
    void aServerFinalMessageFromAnImpostorIsATypedError(
            @ForAll("algorithms") ScramMechanism.Algorithm algorithm, @ForAll("serverFinal") byte[] message) {
        ScramMechanism client = new ScramMechanism(algorithm, "user", "pencil", () -> NONCE, false);
        client.initialResponse();
        client.evaluateChallenge(
                ("r=" + NONCE + "srv,s=" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + ",i=4096")
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.evaluateChallenge(message)).isInstanceOf(SaslAuthenticationException.class);
        assertThat(client.isComplete()).isFalse();
        assertThatThrownBy(() -> client.evaluateChallenge(message))
                .as("a failed exchange stays failed")
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Provide
    Arbitrary<ScramMechanism.Algorithm> algorithms() {
        return Arbitraries.of(ScramMechanism.Algorithm.class);
    }

    @Provide
    Arbitrary<byte[]> serverFirst() {
        Arbitrary<String> nonce = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> NONCE + s),
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.just(NONCE));
        Arbitrary<String> salt = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(b -> Base64.getEncoder()
                        .encodeToString(b)),
                Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> iterations = Arbitraries.oneOf(
                Arbitraries.integers().between(4096, 4200).map(String::valueOf),
                Arbitraries.integers().lessOrEqual(4095).map(String::valueOf),
                Arbitraries.integers()
                        .greaterOrEqual(ScramMechanism.MAX_ITERATIONS + 1)
                        .map(String::valueOf),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> structured = Combinators.combine(
                        nonce,
                        salt,
                        iterations,
                        Arbitraries.of("r=", "s=", "i=", "m=", "", "x="),
                        Arbitraries.of("", ",e=oops", ",", ",ext=1", "\u0000"))
                .as((n, s, i, firstKey, tail) -> firstKey + n + ",s=" + s + ",i=" + i + tail);
        return Arbitraries.oneOf(
                structured.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(80).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80));
    }

    @Provide
    Arbitrary<byte[]> serverFinal() {
        Arbitrary<String> signature = Arbitraries.oneOf(
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMinSize(0)
                        .ofMaxSize(64)
                        .map(b -> Base64.getEncoder().encodeToString(b)),
                Arbitraries.strings().ofMaxLength(40));
        return Arbitraries.oneOf(
                signature.map(s -> ("v=" + s).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(60).map(s -> ("e=" + s).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(60).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80));
    }
}
