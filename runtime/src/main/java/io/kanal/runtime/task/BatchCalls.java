package io.kanal.runtime.task;

import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Runs a per-record plugin method over a whole batch in one {@link PluginInvoker} call (a call costs about 120 ns;
 * a converter or transform about as much per record, so one call per record would double the cost): the loop runs
 * inside the call, and an exception for one record fails that record's slot only. Records whose failure is retriable
 * are then retried one by one under the {@link ErrorPolicy}'s {@code errors.retry.timeout}.
 *
 * <p>Stateless; called on the task thread.
 */
final class BatchCalls {

    private BatchCalls() {}

    /**
     * Per-record work: reads {@code slots.get(i)} and writes its result (into the slot or side arrays).
     *
     * @param <P> the plugin type
     * @param <R> the record type
     */
    @FunctionalInterface
    interface SlotFunction<P, R> {
        void apply(P plugin, RecordSlots<R> slots, int i) throws Exception;
    }

    /** Which slots to run a stage on: by default the live ones. */
    @FunctionalInterface
    interface SlotFilter {
        boolean accept(int i);
    }

    static <P, R> void run(
            PluginInvoker invoker,
            Plugin<P> plugin,
            Stage stage,
            Duration budget,
            ErrorPolicy policy,
            Redactor redactor,
            RecordSlots<R> slots,
            SlotFilter filter,
            SlotFunction<P, R> fn) {
        Class<?> executing = plugin.pluginClass();
        CallOutcome<Integer> outcome = invoker.call(plugin, stage, budget, p -> {
            int failed = 0;
            for (int i = 0; i < slots.size(); i++) {
                if (slots.live(i) && filter.accept(i)) {
                    try {
                        fn.apply(p, slots, i);
                    } catch (Exception e) { // a record's own failure: decided per record below
                        slots.fail(i, stage, executing, e);
                        failed++;
                    }
                }
            }
            return failed;
        });
        int failed = checked(outcome, redactor);
        if (failed == 0 || policy.settings().retryTimeoutMs() == 0) {
            return;
        }
        for (int i = 0; i < slots.size(); i++) {
            if (slots.failed(i) && slots.stage(i) == stage && ErrorPolicy.isRetriable(slots.error(i))) {
                int index = i;
                CallOutcome<Void> retried = policy.retry(() -> invoker.call(plugin, stage, budget, p -> {
                    fn.apply(p, slots, index);
                    return null;
                }));
                if (retried.isCompleted()) {
                    slots.recover(index);
                } else if (retried instanceof CallOutcome.Failed<Void> stillFailing) {
                    slots.fail(index, stage, executing, stillFailing.error());
                } else {
                    checked(retried, redactor);
                }
            }
        }
    }

    /**
     * The value of a completed call; a call that failed as a whole (an {@link Error} escaped the per-record catch)
     * fails the task; a cancelled or interrupted one means the task is stopping.
     */
    static <T> T checked(CallOutcome<T> outcome, Redactor redactor) {
        if (outcome instanceof CallOutcome.Completed<T> done) {
            return done.value();
        }
        if (outcome instanceof CallOutcome.Failed<T> failed) {
            throw new TaskFailedException(StageError.of(failed, redactor), failed.error());
        }
        throw stopping(outcome);
    }

    static CancellationException stopping(CallOutcome<?> outcome) {
        CancellationException stop = new CancellationException(outcome.stage().label() + " of "
                + outcome.call().owner() + " ended: " + outcome.getClass().getSimpleName());
        return stop;
    }
}
