package io.kanal.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.lifecycle.LifecycleTest.Recorder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerTest {

    private final List<String> journal = new ArrayList<>();
    private final Container container = new Container();
    private final Recorder a = new Recorder("a", journal);
    private final Recorder b = new Recorder("b", journal);
    private final Recorder c = new Recorder("c", journal);

    @Test
    void startsChildrenInOrderAndStopsThemInReverse() {
        container.addManaged(a);
        container.addManaged(b);
        container.addManaged(c);
        container.addManaged(b); // not twice
        container.start();
        assertThat(List.of(a, b, c)).allMatch(Lifecycle::isStarted);
        container.stop();
        assertThat(List.of(a, b, c)).allMatch(Lifecycle::isStopped);
        assertThat(journal).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    }

    @Test
    void aChildFailingToStartStopsTheStartedOnesAndFailsTheContainer() {
        container.addManaged(a);
        container.addManaged(b);
        container.addManaged(c);
        b.failStart = new IOException("port in use");
        a.failStop = new IOException("a would not stop");

        assertThatThrownBy(container::start)
                .isInstanceOf(LifecycleException.class)
                .hasCause(b.failStart) // b's own LifecycleException, not wrapped again
                .satisfies(t -> assertThat(t.getSuppressed()).singleElement().satisfies(s -> assertThat(s)
                        .hasCause(a.failStop)));
        assertThat(container.isFailed()).isTrue();
        assertThat(journal).containsExactly("start a", "start b", "stop a");
        assertThat(c.isStopped()).isTrue();
        assertThat(b.isFailed()).isTrue();
    }

    @Test
    void everyChildIsStoppedEvenWhenOneFailsToStop() {
        container.addManaged(a);
        container.addManaged(b);
        container.addManaged(c);
        container.start();
        c.failStop = new IOException("c stuck");
        b.failStop = new IOException("b stuck");

        assertThatThrownBy(container::stop)
                .isInstanceOf(LifecycleException.class)
                .hasCause(c.failStop)
                .satisfies(t -> assertThat(t.getSuppressed()).singleElement().satisfies(s -> assertThat(s)
                        .hasCause(b.failStop)));
        assertThat(journal).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
        assertThat(a.isStopped()).isTrue();
        assertThat(container.isFailed()).isTrue();
    }

    @Test
    void aChildAddedToAStartedContainerStartsAtOnce() {
        container.start();
        container.addManaged(a);
        assertThat(a.isStarted()).isTrue();

        b.failStart = new IOException("no");
        assertThatThrownBy(() -> container.addManaged(b)).isInstanceOf(LifecycleException.class);
        assertThat(container.managedChildren()).containsExactly(a);
    }

    @Test
    void unmanagedChildrenAreOnlyReferenced() {
        container.addUnmanaged(a);
        container.addManaged(b);
        container.start();
        container.stop();
        assertThat(a.isStopped()).isTrue();
        assertThat(journal).containsExactly("start b", "stop b");
        assertThat(container.unmanagedChildren()).containsExactly(a);
        assertThat(container.remove(a)).isTrue();
        assertThat(container.unmanagedChildren()).isEmpty();
        assertThatThrownBy(() -> container.addManaged(container)).isInstanceOf(IllegalArgumentException.class);
    }
}
