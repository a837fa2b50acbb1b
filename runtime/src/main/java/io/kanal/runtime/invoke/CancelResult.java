package io.kanal.runtime.invoke;

/** How {@link PluginInvoker#cancel(Owner, java.time.Duration)} ended. */
public enum CancelResult {
    /** The owner had no call running: nothing was interrupted. */
    IDLE,
    /** Every running call of the owner returned within the grace period after its thread was interrupted. */
    CANCELLED,
    /**
     * At least one call was still running when the grace period ran out: it is abandoned, counted, and stays
     * visible as a {@link StuckCall} until it returns, if ever. Its thread is the plugin's to keep.
     */
    ABANDONED
}
