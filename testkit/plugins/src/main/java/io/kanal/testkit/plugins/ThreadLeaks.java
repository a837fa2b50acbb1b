package io.kanal.testkit.plugins;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Finds threads that a plugin started and left running: a snapshot of the live threads before the plugin starts,
 * then a bounded wait, after it stopped, for every thread not in the snapshot to end.
 *
 * <p>Some threads are the JVM's or a shared pool's, not the plugin's, and may appear during a test whatever the
 * plugin does: they are ignored (see {@link #isShared}).
 *
 * <p>Threading: confined to the test's thread.
 */
public final class ThreadLeaks {

    private static final List<String> SHARED_PREFIXES = List.of(
            "ForkJoinPool.commonPool-worker", // the JVM's shared pool, whose workers idle out on their own
            "Common-Cleaner",
            "Attach Listener",
            "process reaper",
            "Signal Dispatcher",
            "Reference Handler",
            "Finalizer",
            "Notification Thread",
            "awaitility", // the kit's own waits
            "surefire");

    private final Set<Thread> before;

    private ThreadLeaks(Set<Thread> before) {
        this.before = before;
    }

    /**
     * Records the threads alive now.
     *
     * @return the snapshot
     */
    public static ThreadLeaks snapshot() {
        return new ThreadLeaks(Set.copyOf(Thread.getAllStackTraces().keySet()));
    }

    /**
     * Waits until every thread started since the snapshot has ended, except the shared ones and those {@code
     * permitted}.
     *
     * @param bound how long to wait
     * @param permitted threads the plugin's test declares as not the task's (a driver's global cleaner, say)
     * @throws AssertionError naming each thread still alive, with its stack, after the bound
     */
    public void assertNoneLeft(Duration bound, Predicate<Thread> permitted) {
        try {
            await().pollInSameThread()
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        // The JDK's HttpClient (Java 17) has no close(): its selector thread ends once the client is
                        // unreachable, which only a collection finds out.
                        System.gc();
                        return left(permitted).isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            List<Thread> left = left(permitted);
            throw new AssertionError(left.size() + " thread(s) started by the plugin still run " + bound
                    + " after it stopped:\n"
                    + left.stream()
                            .map(t ->
                                    "  \"" + t.getName() + "\" (daemon=" + t.isDaemon() + ")\n" + PluginThread.stack(t))
                            .collect(Collectors.joining("\n")));
        }
    }

    private List<Thread> left(Predicate<Thread> permitted) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !before.contains(t))
                .filter(t -> !isShared(t))
                .filter(permitted.negate())
                .toList();
    }

    /**
     * Whether a thread belongs to the JVM or to a pool shared by everyone, not to one plugin instance.
     *
     * @param thread the thread
     * @return {@code true} for the JVM's and the kit's own threads
     */
    static boolean isShared(Thread thread) {
        String name = thread.getName();
        return SHARED_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
