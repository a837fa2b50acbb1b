package io.kanal.runtime.store.kafka;

import io.kanal.runtime.store.StoreException;
import java.util.Objects;

/**
 * A record of one of Connect's internal topics that cannot be read: an unknown or malformed key, bytes that are not
 * JSON, JSON of the wrong shape, or a tombstone where none is expected. The message names the record's key and what
 * is wrong, never a config value. Kafka Connect logs such records and skips them; so do Kanal's stores.
 */
public final class InternalRecordException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the record. */
    public enum Reason {
        /** The key has none of the topic's prefixes. */
        UNKNOWN_KEY,
        /** The key has a known prefix but its rest cannot be parsed (a task key without a task number). */
        MALFORMED_KEY,
        /** The value is not JSON. */
        MALFORMED_JSON,
        /** The value is JSON but not of the shape Connect writes for the key. */
        WRONG_SHAPE,
        /** The value is null for a key whose tombstones Connect does not accept. */
        UNEXPECTED_TOMBSTONE
    }

    /** The record's key, for the caller's log line. */
    private final String key;

    private final Reason reason;

    /**
     * @param key the record's key
     * @param reason what is wrong
     * @param problem a description without any config value
     * @param cause the underlying failure, or null
     */
    public InternalRecordException(String key, Reason reason, String problem, Throwable cause) {
        super("Record '" + key + "': " + problem, cause);
        this.key = Objects.requireNonNull(key, "key");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param key the record's key
     * @param reason what is wrong
     * @param problem a description without any config value
     */
    public InternalRecordException(String key, Reason reason, String problem) {
        this(key, reason, problem, null);
    }

    /**
     * The record's key.
     *
     * @return the key, as read
     */
    public String key() {
        return key;
    }

    /**
     * What is wrong with the record.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
