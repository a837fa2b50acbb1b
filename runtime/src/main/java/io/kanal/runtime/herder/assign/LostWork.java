package io.kanal.runtime.herder.assign;

import java.util.Objects;

/**
 * A connector or task whose worker left the group while holding it: it stays unassigned until {@code deadlineMs} in
 * case that worker comes back, and is then given to the members.
 *
 * @param previousOwner the worker that held it when it was last assigned
 * @param deadlineMs when it is given to another worker, at the latest: the time it was found lost plus the delay
 */
public record LostWork(String previousOwner, long deadlineMs) {

    /**
     * Checks the owner.
     *
     * @param previousOwner the worker that held it
     * @param deadlineMs when it is redistributed
     */
    public LostWork {
        Objects.requireNonNull(previousOwner, "previousOwner");
    }
}
