package io.kanal.runtime.store.kafka;

import io.kanal.runtime.store.StoreException;

/**
 * A leader's transactional write to the config topic (KIP-618) whose commit did not answer in time: the commit
 * request may have reached the transaction coordinator, so the records may be on the topic or may never be. Unlike
 * {@link NotConfigLeaderException} and the other failed writes, this does not say that nothing was committed. The
 * worker gives leadership for writes up, reads the topic to its end (which shows a commit that landed) and rejoins
 * its group; the next leader's claim of the transactional id aborts the transaction if it is still open. Look at the
 * state (for example {@code GET /connectors/<c>}) before retrying: a retry writes the records again.
 */
public final class ConfigWriteOutcomeUnknownException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was written, and that its outcome is unknown
     * @param cause the timeout
     */
    public ConfigWriteOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
