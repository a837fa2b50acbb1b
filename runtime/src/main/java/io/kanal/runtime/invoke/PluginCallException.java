package io.kanal.runtime.invoke;

/**
 * Thrown by {@link CallOutcome#valueOrThrow()} for a call that did not complete. Its cause is what the plugin threw,
 * if anything.
 */
public final class PluginCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Not serialised: outcomes stay in this JVM. */
    private final transient CallOutcome<?> outcome;

    /**
     * Creates the exception.
     *
     * @param outcome the outcome that has no value
     */
    public PluginCallException(CallOutcome<?> outcome) {
        super(describe(outcome), cause(outcome));
        this.outcome = outcome;
    }

    /**
     * The outcome; {@code null} after deserialisation.
     *
     * @return the outcome
     */
    public CallOutcome<?> outcome() {
        return outcome;
    }

    private static String describe(CallOutcome<?> outcome) {
        String how = outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return outcome.stage().label() + " of " + outcome.call().owner() + " " + how;
    }

    private static Throwable cause(CallOutcome<?> outcome) {
        if (outcome instanceof CallOutcome.Failed<?> failed) {
            return failed.error();
        }
        if (outcome instanceof CallOutcome.Interrupted<?> interrupted) {
            return interrupted.cause();
        }
        if (outcome instanceof CallOutcome.Cancelled<?> cancelled) {
            return cancelled.cause();
        }
        if (outcome instanceof CallOutcome.Abandoned<?> abandoned) {
            return abandoned.cause();
        }
        return null;
    }
}
