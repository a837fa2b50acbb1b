package io.kanal.runtime.invoke;

/**
 * Counters of a {@link PluginInvoker} since it was built, for metrics; {@link #stuckNow()} and {@link
 * #abandonedRunning()} are gauges.
 *
 * @param calls calls made
 * @param failed calls that ended {@link CallOutcome.Failed}
 * @param interrupted calls that ended {@link CallOutcome.Interrupted}
 * @param cancelled calls that ended {@link CallOutcome.Cancelled}
 * @param abandoned calls abandoned after a cancel (whether or not they have returned since)
 * @param abandonedRunning abandoned calls that have not returned yet: threads the runtime has given up on
 * @param stuckNow calls running past their budget at the last scan and not returned since
 * @param fatal fatal errors rethrown
 * @param contextLoaderLeaks calls that left another context loader on their thread
 * @param pluginThreadsStarted threads plugins started during calls
 * @param threadLeaks plugin threads still alive when their owner was retired
 */
public record InvokerStats(
        long calls,
        long failed,
        long interrupted,
        long cancelled,
        long abandoned,
        long abandonedRunning,
        long stuckNow,
        long fatal,
        long contextLoaderLeaks,
        long pluginThreadsStarted,
        long threadLeaks) {}
