package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Tells the group membership when work it revoked has really stopped here: Connect's cooperative protocol lets a
 * revoked task start elsewhere only after its old owner has let go of it, so the member rejoins only once this
 * worker hosts none of the revoked instances. {@link #check} runs after every herder step, which is when an instance
 * can have finished stopping.
 *
 * <p><b>Threading.</b> {@link #await} is called by the membership's thread, {@link #check} by {@code kanal-herder};
 * the pending list is guarded by this object's monitor, and futures complete outside it.
 */
final class RevocationWatch {

    private record Pending(Set<String> connectors, Set<ConnectorTaskId> tasks, CompletableFuture<Void> done) {}

    private final Worker worker;
    private final List<Pending> pending = new ArrayList<>();

    RevocationWatch(Worker worker) {
        this.worker = worker;
    }

    /**
     * A future that completes when none of these instances runs on this worker any more.
     *
     * @param connectors revoked connectors
     * @param tasks revoked tasks
     * @return completes once they have all stopped (at once when none runs)
     */
    CompletableFuture<Void> await(Set<String> connectors, Set<ConnectorTaskId> tasks) {
        Pending p = new Pending(Set.copyOf(connectors), Set.copyOf(tasks), new CompletableFuture<>());
        synchronized (this) {
            pending.add(p);
        }
        check();
        return p.done();
    }

    /** Completes the waits whose instances have all stopped. */
    void check() {
        List<Pending> done = new ArrayList<>();
        synchronized (this) {
            pending.removeIf(p -> {
                boolean stopped = p.connectors().stream().noneMatch(worker::hosts)
                        && p.tasks().stream().noneMatch(worker::hosts);
                if (stopped) {
                    done.add(p);
                }
                return stopped;
            });
        }
        done.forEach(p -> p.done().complete(null));
    }
}
