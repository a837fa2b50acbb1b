package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.source.TransactionBoundary;
import io.kanal.config.InvalidConfigValueException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransactionSettingsTest {

    @Test
    void defaultsAreConnectsRequestedPollAndTheFlushInterval() {
        assertThat(TransactionSettings.parse(Map.of(), 60_000))
                .isEqualTo(new TransactionSettings(false, TransactionBoundary.POLL, 60_000, Optional.empty()));
    }

    @Test
    void readsEveryKeyIgnoringCaseAndBlanks() {
        TransactionSettings s = TransactionSettings.parse(
                Map.of(
                        "exactly.once.support", " REQUIRED ",
                        "transaction.boundary", "Interval",
                        "transaction.boundary.interval.ms", "250",
                        "offsets.storage.topic", " my-offsets "),
                60_000);
        assertThat(s)
                .isEqualTo(new TransactionSettings(true, TransactionBoundary.INTERVAL, 250, Optional.of("my-offsets")));
        assertThat(TransactionSettings.parse(Map.of("offsets.storage.topic", " "), 5)
                        .offsetsTopic())
                .isEmpty();
    }

    @Test
    void aBadValueIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> TransactionSettings.parse(Map.of("transaction.boundary", "batch"), 1))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'transaction.boundary'");
        assertThatThrownBy(() -> TransactionSettings.parse(Map.of("exactly.once.support", "always"), 1))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'exactly.once.support'");
        assertThatThrownBy(() -> TransactionSettings.parse(Map.of("transaction.boundary.interval.ms", "-1"), 1))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'transaction.boundary.interval.ms'");
    }

    @Test
    void theWorkerModeFollowsConnectsValues() {
        assertThat(ExactlyOnceMode.fromWorkerConfig(Map.of())).isEqualTo(ExactlyOnceMode.DISABLED);
        assertThat(ExactlyOnceMode.fromWorkerConfig(Map.of("exactly.once.source.support", "Preparing")))
                .isEqualTo(ExactlyOnceMode.PREPARING);
        assertThat(ExactlyOnceMode.fromWorkerConfig(Map.of("exactly.once.source.support", " enabled ")))
                .isEqualTo(ExactlyOnceMode.ENABLED);
        assertThat(ExactlyOnceMode.PREPARING.transactionalTasks()).isFalse();
        assertThat(ExactlyOnceMode.ENABLED.transactionalTasks()).isTrue();
        assertThatThrownBy(() -> ExactlyOnceMode.fromWorkerConfig(Map.of("exactly.once.source.support", "on")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessage("Invalid value 'on' for configuration 'exactly.once.source.support': String must be one"
                        + " of: disabled, preparing, enabled");
    }

    @Test
    void eachExactlyOnceKeyReadsAloneSoOneBadKeyDoesNotHideAnother() {
        Map<String, String> badBoundary = Map.of("exactly.once.support", " Required", "transaction.boundary", "never");
        assertThat(TransactionSettings.required(badBoundary)).isTrue();
        assertThatThrownBy(() -> TransactionSettings.boundary(badBoundary))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("transaction.boundary");
        Map<String, String> badSupport = Map.of("exactly.once.support", "maybe", "transaction.boundary", "CONNECTOR ");
        assertThat(TransactionSettings.boundary(badSupport)).isEqualTo(TransactionBoundary.CONNECTOR);
        assertThatThrownBy(() -> TransactionSettings.required(badSupport))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("exactly.once.support");
        assertThat(TransactionSettings.required(Map.of())).isFalse();
        assertThat(TransactionSettings.boundary(Map.of())).isEqualTo(TransactionBoundary.POLL);
    }
}
