package io.kanal.runtime.invoke;

import java.util.List;

/**
 * A thread a plugin started during a call (it inherited the plugin's class loader as its context loader). Reported
 * when it starts ({@link InvokerListener#pluginThreadStarted}) and, if it is still alive when its owner is retired,
 * as a leak ({@link InvokerListener#threadLeaked}).
 *
 * @param owner the owner whose call started it
 * @param startedDuring the stage of that call
 * @param name the thread's name
 * @param threadId the thread's id
 * @param daemon whether it is a daemon thread (a non-daemon leak keeps the JVM from exiting)
 * @param stack its stack when reported as a leak; empty when reported as started
 */
public record PluginThread(
        Owner owner, Stage startedDuring, String name, long threadId, boolean daemon, List<StackTraceElement> stack) {

    /**
     * Copies the stack.
     *
     * @throws IllegalArgumentException when a component is missing
     */
    public PluginThread {
        if (owner == null || startedDuring == null || name == null) {
            throw new IllegalArgumentException("owner, startedDuring and name are required");
        }
        stack = stack == null ? List.of() : List.copyOf(stack);
    }
}
