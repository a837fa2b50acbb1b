package io.kanal.runtime.herder;

/**
 * Carries out the herder's commands: the worker (connector and task instances, through the plugin invoker) and the
 * stores (config writes, offset resets). Implemented by the worker; tests use fakes.
 *
 * <p><b>Threading.</b> {@link #execute(HerderCommand)} is called on the {@code kanal-herder} thread and must return
 * at once: it hands the work to the instance's own thread or the store's, never runs plugin code or blocking I/O
 * itself. Results go back through {@link HerderLoop#submit(HerderEvent)}, from any thread (including, for quick
 * answers, the herder thread itself). {@link HerderCommand.Reply} never reaches this interface: the loop completes
 * the REST caller's future.
 */
public interface HerderActions {

    /**
     * Starts carrying out one command. Throwing is a bug; the loop turns it into a failure event for the command
     * (a failed start, a failed write) so that the herder does not wait for a result that will never come.
     *
     * @param command what to do
     */
    void execute(HerderCommand command);
}
