package io.kanal.runtime.worker;

/**
 * What a worker with exactly-once source support runs before it alters or resets a source connector's offsets (KIP-875
 * with KIP-618), as Connect's leader does: fence the transactional producers of every task the connector may still
 * have running somewhere (a zombie), so that none of them can commit a transaction over the changed offsets.
 *
 * <p><b>Threading.</b> {@link #fence} runs on one of the worker's operations threads and blocks it.
 */
@FunctionalInterface
public interface OffsetChangeFencing {

    /** Fences nothing: exactly-once source support off, or a worker without a config topic. */
    OffsetChangeFencing NONE = connector -> {};

    /**
     * Fences the connector's task producers.
     *
     * @param connector the connector's name
     * @throws ZombieFencingException when they could not be fenced: the offsets must not change
     * @throws io.kanal.runtime.store.StoreException when the config topic cannot be read
     */
    void fence(String connector);
}
