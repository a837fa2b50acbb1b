package io.kanal.runtime.store.kafka;

import io.kanal.runtime.store.StoreException;

/**
 * A leader's write to the config topic (KIP-618, with a transactional leader) that this worker may not make now: it
 * is not the leader of its group's generation, or it was fenced out of the topic by a newer holder of the leader's
 * transactional id and gave leadership up until the next generation. Nothing of the write was committed; it may be
 * retried once the group has rebalanced, on whichever worker leads then.
 */
public final class NotConfigLeaderException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused and why
     */
    public NotConfigLeaderException(String message) {
        super(message);
    }

    /**
     * @param message what was refused and why
     * @param cause the fencing
     */
    public NotConfigLeaderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Refused for now: the request is retried on the leader once the group has rebalanced. */
    @Override
    public boolean refusedForNow() {
        return true;
    }
}
