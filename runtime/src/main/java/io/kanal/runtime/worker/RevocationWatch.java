package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Tells the group membership when work it revoked has really stopped here: Connect's cooperative protocol lets a
 * revoked task start elsewhere only after its old owner has let go of it, so the member rejoins only once this
 * worker hosts none of the revoked instances and the herder's view no longer shows them live (so the {@code
 * UNASSIGNED} status that tells the leader the work was let go has been handed to the status store). {@link #check}
 * runs after every herder step, which is when an instance can have finished stopping.
 *
 * <p><b>Threading.</b> {@link #await} is called by the membership's thread, {@link #check} by {@code kanal-herder};
 * the pending list is guarded by this object's monitor, and futures complete outside it.
 */
final class RevocationWatch {

    private record Pending(Set<String> connectors, Set<ConnectorTaskId> tasks, CompletableFuture<Void> done) {}

    private final Worker worker;
    private final List<Pending> pending = new ArrayList<>();
    private volatile HerderView lastView;

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
        HerderView view = lastView;
        if (view != null) {
            check(view);
        }
        return p.done();
    }

    /**
     * Completes the waits whose instances have all stopped.
     *
     * @param view the herder's view after its latest step
     */
    void check(HerderView view) {
        lastView = view;
        List<Pending> done = new ArrayList<>();
        synchronized (this) {
            pending.removeIf(p -> {
                boolean stopped = p.connectors().stream().noneMatch(c -> worker.hosts(c) || live(view, c))
                        && p.tasks().stream().noneMatch(t -> worker.hosts(t) || live(view, t));
                if (stopped) {
                    done.add(p);
                }
                return stopped;
            });
        }
        done.forEach(p -> p.done().complete(null));
    }

    private static boolean live(HerderView view, String connector) {
        return view.connector(connector).map(c -> live(c.status())).orElse(false);
    }

    private static boolean live(HerderView view, ConnectorTaskId task) {
        return view.connector(task.connector())
                .filter(c -> task.task() < c.tasks().size())
                .map(c -> live(c.tasks().get(task.task()).status()))
                .orElse(false);
    }

    private static boolean live(Status status) {
        return status.state() == StatusState.RUNNING
                || status.state() == StatusState.PAUSED
                || status.state() == StatusState.RESTARTING;
    }
}
