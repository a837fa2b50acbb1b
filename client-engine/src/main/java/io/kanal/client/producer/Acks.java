package io.kanal.client.producer;

import io.kanal.client.errors.InvalidConfigException;

/** Kafka's {@code acks}: how many replicas must have a record before the broker acknowledges it. */
public enum Acks {
    /**
     * No acknowledgement ({@code acks=0}): the broker sends no response, so a send completes once its request is
     * written to the socket, with offset -1, and a record lost after that goes unnoticed.
     */
    NONE((short) 0),
    /** The leader only ({@code acks=1}). */
    LEADER((short) 1),
    /** Every in-sync replica ({@code acks=all} or {@code -1}); required by idempotence. */
    ALL((short) -1);

    private final short wire;

    Acks(short wire) {
        this.wire = wire;
    }

    /**
     * The value sent in Produce requests.
     *
     * @return 0, 1 or -1
     */
    public short wire() {
        return wire;
    }

    /**
     * Parses Kafka's spellings.
     *
     * @param value {@code all}, {@code -1}, {@code 1} or {@code 0}
     * @return the setting
     * @throws InvalidConfigException for anything else
     */
    public static Acks parse(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "all", "-1" -> ALL;
            case "1" -> LEADER;
            case "0" -> NONE;
            default -> throw new InvalidConfigException("acks must be all, -1, 1 or 0, got '" + value + "'");
        };
    }
}
