package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FencingRetryTest {

    private final FencingRetry retry =
            new FencingRetry(Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofMillis(5_000));

    @Test
    void aTransientFailureIsRetriedWithAPauseThatDoublesUpToTheMaximum() {
        TimeoutException timeout = new TimeoutException("coordinator slow");

        assertThat(retry.next(timeout, 1, 0, 0)).isEqualTo(new FencingRetry.Retry(100));
        assertThat(retry.next(timeout, 2, 0, 100)).isEqualTo(new FencingRetry.Retry(300));
        assertThat(retry.next(timeout, 3, 0, 300)).isEqualTo(new FencingRetry.Retry(700));
        assertThat(retry.next(timeout, 5, 0, 1_000)).isEqualTo(new FencingRetry.Retry(2_000));
        assertThat(retry.next(timeout, 40, 0, 1_000)).isEqualTo(new FencingRetry.Retry(2_000));
    }

    @Test
    void aRetriableBrokerErrorIsRetried() {
        KafkaException loading =
                io.kanal.client.errors.BrokerErrors.exception(Errors.COORDINATOR_LOAD_IN_PROGRESS, "loading");

        assertThat(retry.next(loading, 1, 0, 0)).isInstanceOf(FencingRetry.Retry.class);
    }

    @Test
    void theRoundGivesUpWhenTheNextAttemptWouldPassTheDeadline() {
        FencingRetry.Decision decision = retry.next(new TimeoutException("slow"), 9, 0, 4_500);

        assertThat(decision).isInstanceOf(FencingRetry.GiveUp.class);
        FencingRetry.GiveUp giveUp = (FencingRetry.GiveUp) decision;
        assertThat(giveUp.authorization()).isFalse();
        assertThat(giveUp.reason()).contains("9 attempts").contains("slow");
    }

    @Test
    void anAuthorizationFailureEndsTheRoundAtOnceAndSaysSo() {
        FencingRetry.Decision decision =
                retry.next(new AuthorizationException("Transactional Id authorization failed."), 1, 0, 0);

        assertThat(decision)
                .isEqualTo(new FencingRetry.GiveUp(true, "not authorized: Transactional Id authorization failed."));
    }

    @Test
    void aNonRetriableErrorEndsTheRound() {
        FencingRetry.Decision decision = retry.next(new IllegalStateException("bug"), 1, 0, 0);

        assertThat(decision).isEqualTo(new FencingRetry.GiveUp(false, "bug"));
    }
}
