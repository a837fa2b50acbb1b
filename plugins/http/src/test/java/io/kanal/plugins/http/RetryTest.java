package io.kanal.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void retryAfterInSeconds() {
        assertThat(RetryAfter.parse(Optional.of("3"), NOW)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(Optional.of(" 0 "), NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse(Optional.of("99999999999999999999999"), NOW))
                .contains(RetryPolicy.RETRY_AFTER_CAP);
    }

    @Test
    void retryAfterAsAnHttpDate() {
        assertThat(RetryAfter.parse(Optional.of("Sat, 05 Dec 2026 08:00:30 GMT"), NOW))
                .contains(Duration.ofSeconds(30));
        // A date already past means "now", not a negative wait.
        assertThat(RetryAfter.parse(Optional.of("Sat, 05 Dec 2026 07:00:00 GMT"), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void absentOrMalformedRetryAfterFallsBackToBackoff() {
        assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of(""), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("-5"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("soon"), NOW)).isEmpty();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1_000), 5);
        assertThat(policy.delay(0, Optional.empty())).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.delay(4, Optional.empty())).isEqualTo(Duration.ofMillis(1_000));
        assertThat(policy.delay(500, Optional.empty())).isEqualTo(Duration.ofMillis(1_000));
    }

    @Test
    void retryAfterWinsOverBackoffButIsCapped() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1_000), 5);
        assertThat(policy.delay(0, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delay(0, Optional.of(Duration.ofDays(2)))).isEqualTo(RetryPolicy.RETRY_AFTER_CAP);
    }

    @Test
    void retryBound() {
        assertThat(new RetryPolicy(Duration.ZERO, Duration.ZERO, 2).allows(1)).isTrue();
        assertThat(new RetryPolicy(Duration.ZERO, Duration.ZERO, 2).allows(2)).isFalse();
        assertThat(new RetryPolicy(Duration.ZERO, Duration.ZERO, 0).allows(0)).isFalse();
        assertThat(new RetryPolicy(Duration.ZERO, Duration.ZERO, -1).allows(Integer.MAX_VALUE))
                .isTrue();
    }
}
