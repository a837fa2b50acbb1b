package io.kanal.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.lifecycle.Lifecycle.State;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    /** Records its hooks into a shared journal; can be told to fail. */
    static final class Recorder extends AbstractLifecycle {
        final String name;
        final List<String> journal;
        Exception failStart;
        Exception failStop;
        Error errorOnStart;

        Recorder(String name, List<String> journal) {
            this.name = name;
            this.journal = journal;
        }

        @Override
        protected void doStart() throws Exception {
            journal.add("start " + name);
            if (errorOnStart != null) {
                throw errorOnStart;
            }
            if (failStart != null) {
                throw failStart;
            }
        }

        @Override
        protected void doStop() throws Exception {
            journal.add("stop " + name);
            if (failStop != null) {
                throw failStop;
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<String> journal = new ArrayList<>();

    @Test
    void movesThroughTheStatesAndTellsListeners() {
        Recorder component = new Recorder("a", journal);
        List<String> seen = new ArrayList<>();
        component.addListener(new Lifecycle.Listener() {
            @Override
            public void starting(Lifecycle c) {
                seen.add("starting:" + c.state());
            }

            @Override
            public void started(Lifecycle c) {
                seen.add("started:" + c.state());
            }

            @Override
            public void stopping(Lifecycle c) {
                seen.add("stopping:" + c.state());
            }

            @Override
            public void stopped(Lifecycle c) {
                seen.add("stopped:" + c.state());
            }
        });
        assertThat(component.state()).isEqualTo(State.STOPPED);
        component.start();
        assertThat(component.isStarted()).isTrue();
        component.stop();
        assertThat(component.isStopped()).isTrue();
        assertThat(seen)
                .containsExactly("starting:STARTING", "started:STARTED", "stopping:STOPPING", "stopped:STOPPED");
    }

    @Test
    void startAndStopAreIdempotent() {
        Recorder component = new Recorder("a", journal);
        component.stop();
        component.start();
        component.start();
        component.stop();
        component.stop();
        assertThat(journal).containsExactly("start a", "stop a");
    }

    @Test
    void aCheckedFailureToStartIsWrappedAndLeavesTheComponentFailed() {
        Recorder component = new Recorder("a", journal);
        component.failStart = new IOException("disk gone");
        List<Throwable> failures = new ArrayList<>();
        component.addListener(new Lifecycle.Listener() {
            @Override
            public void failed(Lifecycle c, Throwable cause) {
                failures.add(cause);
            }
        });
        assertThatThrownBy(component::start)
                .isInstanceOf(LifecycleException.class)
                .hasMessageContaining("a failed to start")
                .hasCause(component.failStart);
        assertThat(component.isFailed()).isTrue();
        assertThat(failures).containsExactly(component.failStart);

        // A failed component is stopped too (to release a partial start), and may start again.
        component.stop();
        assertThat(component.isStopped()).isTrue();
        component.failStart = null;
        component.start();
        assertThat(component.isStarted()).isTrue();
        assertThat(journal).containsExactly("start a", "stop a", "start a");
    }

    @Test
    void uncheckedFailuresAndErrorsPropagateAsTheyAre() {
        Recorder component = new Recorder("a", journal);
        component.errorOnStart = new AssertionError("bug");
        assertThatThrownBy(component::start).isSameAs(component.errorOnStart);
        assertThat(component.isFailed()).isTrue();

        component.errorOnStart = null;
        component.start();
        IllegalStateException stopFailure = new IllegalStateException("stuck");
        component.failStop = stopFailure;
        assertThatThrownBy(component::stop).isSameAs(stopFailure);
        assertThat(component.isFailed()).isTrue();
    }

    @Test
    void aThrowingListenerDoesNotStopTheChange() {
        Recorder component = new Recorder("a", journal);
        component.addListener(new Lifecycle.Listener() {
            @Override
            public void started(Lifecycle c) {
                throw new IllegalStateException("listener bug");
            }
        });
        Lifecycle.Listener counted = new Lifecycle.Listener() {};
        component.addListener(counted);
        component.start();
        assertThat(component.isStarted()).isTrue();
        assertThat(component.removeListener(counted)).isTrue();
        assertThat(component.removeListener(counted)).isFalse();
    }

    @Test
    void aHookThatStopsItsOwnComponentWhileStartingFailsTheStart() {
        AbstractLifecycle[] self = new AbstractLifecycle[1];
        self[0] = new AbstractLifecycle() {
            @Override
            protected void doStart() {
                self[0].start(); // reentrant start: a no-op
                self[0].stop();
            }

            @Override
            protected void doStop() {}
        };
        assertThatThrownBy(self[0]::start).isInstanceOf(IllegalStateException.class);
        assertThat(self[0].isFailed()).isTrue();
    }

    @Test
    void aStopFromAnotherThreadWaitsForTheStartInProgress() throws Exception {
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AbstractLifecycle slow = new AbstractLifecycle() {
            @Override
            protected void doStart() throws InterruptedException {
                journal.add("start");
                inStart.countDown();
                release.await();
            }

            @Override
            protected void doStop() {
                journal.add("stop");
            }
        };
        CompletableFuture<Void> starting = CompletableFuture.runAsync(slow::start);
        assertThat(inStart.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.state()).as("state() never waits").isEqualTo(State.STARTING);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(slow::stop);
        assertThat(stopping).as("it cannot stop while start holds the lock").isNotDone();

        release.countDown();
        starting.get(10, TimeUnit.SECONDS);
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(slow.isStopped()).isTrue();
        assertThat(journal).containsExactly("start", "stop");
    }
}
