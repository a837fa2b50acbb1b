package io.kanal.runtime.task;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import java.time.Duration;
import java.util.List;

/**
 * A connector's {@code transforms}, in order, each with its optional {@code predicate} and {@code negate}, with
 * Kafka Connect's semantics: a record goes through a transform when it has no predicate or when {@code
 * predicate.test(record) != negate}, and passes unchanged otherwise; a transform that returns {@code null} drops the
 * record, and later transforms do not see it. Each step is one plugin call per batch for the predicate and one for the
 * transform; a record whose predicate or transform throws fails alone (stage {@link Stage#PREDICATE} or {@link
 * Stage#TRANSFORMATION}, Connect's {@code TRANSFORMATION} for both) and the caller's error policy decides.
 *
 * <p>Threading: the task thread only, as the transforms themselves.
 *
 * @param <R> the record type
 */
public final class TransformChain<R extends ConnectRecord<R>> implements AutoCloseable {

    /**
     * One configured transform.
     *
     * @param alias its name in {@code transforms}
     * @param transform the transform
     * @param predicate its predicate, or {@code null} to transform every record
     * @param negate apply to the records the predicate rejects instead
     * @param <R> the record type
     */
    public record Step<R extends ConnectRecord<R>>(
            String alias, Plugin<Transformation<R>> transform, Plugin<Predicate<R>> predicate, boolean negate) {
        /**
         * Validates the step.
         *
         * @throws IllegalArgumentException without a transform, or with {@code negate} and no predicate
         */
        public Step {
            if (transform == null) {
                throw new IllegalArgumentException("a transform step needs a transform");
            }
            if (predicate == null && negate) {
                throw new IllegalArgumentException("transforms." + alias + ".negate needs a predicate");
            }
        }
    }

    private final PluginInvoker invoker;
    private final Duration budget;
    private final Redactor redactor;
    private final List<Step<R>> steps;

    /**
     * Creates a chain.
     *
     * @param invoker runs the plugin calls
     * @param budget how long one call over a batch may take before it shows as stuck
     * @param redactor masks secrets in errors
     * @param steps the transforms, in order
     */
    public TransformChain(PluginInvoker invoker, Duration budget, Redactor redactor, List<Step<R>> steps) {
        if (invoker == null || budget == null || redactor == null || steps == null) {
            throw new IllegalArgumentException("invoker, budget, redactor and steps are required");
        }
        this.invoker = invoker;
        this.budget = budget;
        this.redactor = redactor;
        this.steps = List.copyOf(steps);
    }

    /**
     * A chain without transforms.
     *
     * @param invoker the invoker
     * @param <R> the record type
     * @return the chain
     */
    public static <R extends ConnectRecord<R>> TransformChain<R> empty(PluginInvoker invoker) {
        return new TransformChain<>(invoker, Duration.ofSeconds(30), Redactor.NONE, List.of());
    }

    /**
     * Whether there are no transforms.
     *
     * @return {@code true} when records pass unchanged
     */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * The steps.
     *
     * @return the steps, in order
     */
    public List<Step<R>> steps() {
        return steps;
    }

    /**
     * Runs the live records of a batch through every step. Afterwards each slot holds the transformed record, nothing
     * (dropped), or the failure of the step where it failed.
     *
     * @param slots the batch
     * @param policy retries retriable failures of single records
     * @throws TaskFailedException when a call fails as a whole (an {@link Error})
     * @throws java.util.concurrent.CancellationException when the task is being stopped
     */
    void apply(RecordSlots<R> slots, ErrorPolicy policy) {
        for (Step<R> step : steps) {
            boolean[] selected = null;
            if (step.predicate() != null) {
                boolean[] chosen = new boolean[slots.size()];
                boolean negate = step.negate();
                BatchCalls.run(
                        invoker,
                        step.predicate(),
                        Stage.PREDICATE,
                        budget,
                        policy,
                        redactor,
                        slots,
                        i -> true,
                        (predicate, s, i) -> chosen[i] = predicate.test(s.get(i)) != negate);
                selected = chosen;
            }
            boolean[] only = selected;
            BatchCalls.run(
                    invoker,
                    step.transform(),
                    Stage.TRANSFORMATION,
                    budget,
                    policy,
                    redactor,
                    slots,
                    i -> only == null || only[i],
                    (transform, s, i) -> s.set(i, transform.apply(s.get(i))));
        }
    }

    /**
     * Applies the chain to one record, for callers outside a batch.
     *
     * @param record the record
     * @param policy the error policy
     * @return the result: the record, {@code null} when dropped
     * @throws TaskFailedException when the record failed (whatever the tolerance: the caller asked for one record)
     */
    public R applyOne(R record, ErrorPolicy policy) {
        RecordSlots<R> slots = new RecordSlots<>(List.of(record));
        apply(slots, policy);
        if (slots.failed(0)) {
            throw new TaskFailedException(
                    io.kanal.runtime.invoke.StageError.of(slots.stage(0), slots.error(0), redactor), slots.error(0));
        }
        return slots.get(0);
    }

    /** Closes every transform and predicate (through the invoker); failures are logged by the invoker's caller. */
    @Override
    public void close() {
        for (Step<R> step : steps) {
            CallOutcome<Void> ignored = invoker.call(step.transform(), Stage.CLOSE, budget, t -> {
                t.close();
                return null;
            });
            if (step.predicate() != null) {
                ignored = invoker.call(step.predicate(), Stage.CLOSE, budget, p -> {
                    p.close();
                    return null;
                });
            }
        }
    }
}
