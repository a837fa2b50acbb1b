package io.kanal.runtime.worker;

import io.kanal.runtime.invoke.Owner;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What an exactly-once source task runs around taking its transactional id (KIP-618), in a cluster: before, the
 * leader's round of zombie fencing for its connector; after, the check that the task still belongs to the newest task
 * generation this worker has read and to this worker (Connect's {@code verifyTaskGenerationAndOwnership}). Nothing on a
 * standalone worker.
 *
 * <p><b>Threading.</b> {@link #forTask} is called on the thread that builds the task (it notes what the task was built
 * from); the steps run on the task's thread.
 */
@FunctionalInterface
public interface TaskFencing {

    /** Runs nothing: a standalone worker, or exactly-once source support off. */
    TaskFencing NONE = owner -> new Steps(() -> {}, () -> {});

    /**
     * Runs only a step before the id is taken, with the task's connector (a standalone worker's fencing of the ids its
     * connectors dropped).
     *
     * @param beforeInit the step
     * @return the fencing
     */
    static TaskFencing before(Consumer<String> beforeInit) {
        Objects.requireNonNull(beforeInit, "beforeInit");
        return owner -> new Steps(() -> beforeInit.accept(owner.connector()), () -> {});
    }

    /**
     * The steps of one task, decided when it is built.
     *
     * @param owner the task
     * @return its steps
     */
    Steps forTask(Owner owner);

    /**
     * A task's steps; each throws to fail the task's start.
     *
     * @param beforeInit run before the task takes its transactional id
     * @param afterInit run once it has (the task's producer is closed when it throws)
     */
    record Steps(Runnable beforeInit, Runnable afterInit) {
        /**
         * Checks the steps.
         *
         * @param beforeInit the step before
         * @param afterInit the step after
         */
        public Steps {
            Objects.requireNonNull(beforeInit, "beforeInit");
            Objects.requireNonNull(afterInit, "afterInit");
        }
    }
}
