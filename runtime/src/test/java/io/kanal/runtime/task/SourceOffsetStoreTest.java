package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SourceOffsetStoreTest {

    @Test
    void aStoreThatCannotReadToTheEndSaysSoInsteadOfSkippingTheCatchUp() {
        SourceOffsetStore writeOnly = offsets -> CompletableFuture.completedFuture(null);
        assertThatThrownBy(() -> writeOnly.readToEnd(Duration.ofSeconds(1)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("exactly-once");
    }
}
