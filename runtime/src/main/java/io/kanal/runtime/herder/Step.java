package io.kanal.runtime.herder;

import java.util.List;

/**
 * What one call into {@link HerderStateMachine} produced: commands to carry out, in order, and when to call {@link
 * HerderStateMachine#onTimer(long)} next.
 *
 * @param commands what to do, in order
 * @param nextWakeupMs the herder-clock time of the next timer, or {@link #NO_WAKEUP}
 */
public record Step(List<HerderCommand> commands, long nextWakeupMs) {

    /** No timer is pending. */
    public static final long NO_WAKEUP = Long.MAX_VALUE;

    /**
     * Copies the commands.
     *
     * @param commands what to do
     * @param nextWakeupMs the next timer
     */
    public Step {
        commands = List.copyOf(commands);
    }
}
