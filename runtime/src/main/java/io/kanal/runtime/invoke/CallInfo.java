package io.kanal.runtime.invoke;

import java.time.Duration;

/**
 * What every {@link CallOutcome} says about the call it ended.
 *
 * @param id the call's number, unique per invoker
 * @param owner whom the call was made for
 * @param stage the plugin method called
 * @param budget how long the call was allowed before it counted as stuck
 * @param elapsed how long it took, on the invoker's clock
 */
public record CallInfo(long id, Owner owner, Stage stage, Duration budget, Duration elapsed) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when one is missing
     */
    public CallInfo {
        if (owner == null || stage == null || budget == null || elapsed == null) {
            throw new IllegalArgumentException("owner, stage, budget and elapsed are required");
        }
    }

    /**
     * Whether the call took longer than its budget (and was therefore reported as stuck while it ran, if the
     * watchdog scanned it in that time).
     *
     * @return {@code true} when over budget
     */
    public boolean overBudget() {
        return elapsed.compareTo(budget) > 0;
    }
}
