package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.membership.group.Leader;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How closing the leadership of the config topic ends what it started. */
class ConfigTopicLeadershipTest {

    /** Claims block until {@code claimMayEnd} opens; records what ran, in order. Thread-safe. */
    private static final class BlockingPrivileges implements ConfigTopicLeadership.WritePrivileges {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch claimStarted = new CountDownLatch(1);
        final CountDownLatch claimMayEnd = new CountDownLatch(1);

        @Override
        public void leadership(boolean leads) {
            events.add("leads=" + leads);
        }

        @Override
        public void claim() {
            events.add("claim");
            claimStarted.countDown();
            try {
                if (!claimMayEnd.await(30, TimeUnit.SECONDS)) {
                    events.add("claim timed out");
                }
                events.add("claimed");
            } catch (InterruptedException e) {
                events.add("claim interrupted");
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void relinquish() {
            events.add("relinquish");
        }
    }

    private static final Leader SELF = new Leader("m-1", "http://w1:8083", true);

    @Test
    void closeWaitsForTheClaimInProgressThenReleasesTheProducer() throws Exception {
        BlockingPrivileges store = new BlockingPrivileges();
        ConfigTopicLeadership leadership = new ConfigTopicLeadership(store, () -> {}, "w1", Duration.ofSeconds(30));
        leadership.onGeneration(3, SELF, ConnectProtocolCompatibility.SESSIONED);
        assertThat(store.claimStarted.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(leadership::close);
        // close has not released the producer under the running claim
        assertThat(store.events).doesNotContain("relinquish");
        store.claimMayEnd.countDown();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(store.events).containsExactly("leads=true", "claim", "claimed", "relinquish");
    }

    @Test
    void closeIsBoundedAndSkipsClaimsNotStarted() throws Exception {
        BlockingPrivileges store = new BlockingPrivileges();
        ConfigTopicLeadership leadership = new ConfigTopicLeadership(store, () -> {}, "w1", Duration.ofMillis(100));
        leadership.onGeneration(3, SELF, ConnectProtocolCompatibility.SESSIONED);
        assertThat(store.claimStarted.await(10, TimeUnit.SECONDS)).isTrue();
        leadership.onGeneration(4, SELF, ConnectProtocolCompatibility.SESSIONED); // queued behind the running claim

        leadership.close(); // the claim never ends by itself: close interrupts it after the wait

        assertThat(store.events)
                .containsExactly("leads=true", "claim", "leads=true", "claim interrupted", "relinquish");
    }
}
