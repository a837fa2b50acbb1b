package io.kanal.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksEveryOccurrenceOfEverySecret() {
        Redactor redactor = Redactor.of(Set.of("hunter2", "s3cr3t"));
        assertThat(redactor.redact("login failed for bob/hunter2 (hunter2), token s3cr3t"))
                .isEqualTo("login failed for bob/[hidden] ([hidden]), token [hidden]");
    }

    @Test
    void masksALongerSecretWholeBeforeTheShorterOneItContains() {
        Redactor redactor = Redactor.of(List.of("pass", "password123"));
        assertThat(redactor.redact("password123 and pass")).isEqualTo("[hidden] and [hidden]");
    }

    @Test
    void ignoresNullAndEmptySecretsAndNullText() {
        Redactor redactor = Redactor.of(Arrays.asList(null, "", "x"));
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.redact("axb")).isEqualTo("a[hidden]b");
        assertThat(Redactor.of(List.of(""))).isSameAs(Redactor.NONE);
        assertThat(Redactor.of(null)).isSameAs(Redactor.NONE);
        assertThat(Redactor.NONE.redact("hunter2")).isEqualTo("hunter2");
        assertThat(redactor).hasToString("Redactor[1 secrets]");
    }

    @Test
    void aHostileMessageDoesNotEscape() {
        RuntimeException hostile = new RuntimeException() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                throw new IllegalStateException("gotcha");
            }
        };
        Redactor redactor = Redactor.of(Set.of("hunter2"));
        assertThat(redactor.message(hostile)).isEqualTo("(getMessage() threw java.lang.IllegalStateException)");
        assertThat(redactor.stackTrace(hostile)).contains("printing its stack trace threw");
    }

    @Property
    void noSecretSurvivesRedaction(
            @ForAll("secrets") List<String> secrets, @ForAll List<String> fillers, @ForAll int seed) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fillers.size(); i++) {
            text.append(fillers.get(i));
            if (!secrets.isEmpty()) {
                text.append(secrets.get(Math.floorMod(seed + i, secrets.size())));
            }
        }
        String masked = Redactor.of(secrets).redact(text.toString());
        for (String secret : secrets) {
            assertThat(masked).doesNotContain(secret);
        }
    }

    /** Secrets over an alphabet the mask does not use, so that the mask itself cannot spell one. */
    @Provide
    Arbitrary<List<String>> secrets() {
        return Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                .ofMinLength(1)
                .ofMaxLength(12)
                .list()
                .ofMaxSize(4);
    }
}
