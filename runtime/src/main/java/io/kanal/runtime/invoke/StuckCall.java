package io.kanal.runtime.invoke;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A plugin call that has run past its budget, as the watchdog last saw it: what status reporting shows ("stuck in
 * {@code poll} for 40 s") with the stuck thread's stack. Immutable; the watchdog publishes a fresh one at each scan
 * while the call runs, and the call's record disappears from {@link PluginInvoker#stuckCalls()} the moment it
 * returns.
 *
 * @param callId the call's number
 * @param owner whom the call is for
 * @param stage the plugin method running
 * @param thread the name of the thread running it
 * @param since when the call started: the wall clock at the scan less the call's elapsed monotonic time
 * @param stuckFor how long it had run at the scan, on the invoker's monotonic clock
 * @param budget its budget
 * @param cancelled whether {@link PluginInvoker#cancel} interrupted it
 * @param abandoned whether it ignored the interrupt past the grace period and was given up on
 * @param stack the thread's stack at the scan, innermost frame first
 */
public record StuckCall(
        long callId,
        Owner owner,
        Stage stage,
        String thread,
        Instant since,
        Duration stuckFor,
        Duration budget,
        boolean cancelled,
        boolean abandoned,
        List<StackTraceElement> stack) {

    /**
     * Copies the stack.
     *
     * @throws IllegalArgumentException when a component is missing
     */
    public StuckCall {
        if (owner == null || stage == null || thread == null || since == null || stuckFor == null || budget == null) {
            throw new IllegalArgumentException("owner, stage, thread, since, stuckFor and budget are required");
        }
        stack = stack == null ? List.of() : List.copyOf(stack);
    }

    /**
     * One line for a status or a log: {@code stuck in poll for 40 s}, with {@code (cancelled)} or {@code
     * (abandoned)} when that applies.
     *
     * @return the description
     */
    public String describe() {
        String state = abandoned ? " (abandoned)" : cancelled ? " (cancelled)" : "";
        return "stuck in " + stage.label() + " for " + humanDuration(stuckFor) + state;
    }

    /**
     * The stack as Java prints it, one {@code at ...} line per frame.
     *
     * @return the stack trace text
     */
    public String stackTrace() {
        StringBuilder text =
                new StringBuilder(thread).append(" (").append(describe()).append(')');
        for (StackTraceElement frame : stack) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }

    static String humanDuration(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + " ms";
        }
        return duration.toSeconds() + " s";
    }
}
