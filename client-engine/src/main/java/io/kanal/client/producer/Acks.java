package io.kanal.client.producer;

import io.kanal.client.InvalidConfigException;

/** Kafka's {@code acks}: how many replicas must have a record before the broker acknowledges it. */
public enum Acks {
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
     * @return 1 or -1
     */
    public short wire() {
        return wire;
    }

    /**
     * Parses Kafka's spellings.
     *
     * @param value {@code all}, {@code -1} or {@code 1}
     * @return the setting
     * @throws InvalidConfigException for {@code 0} (not supported yet) or anything else
     */
    public static Acks parse(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "all", "-1" -> ALL;
            case "1" -> LEADER;
            case "0" ->
                throw new InvalidConfigException("acks=0 is not supported by Kanal yet (the broker sends no response,"
                        + " and the network layer always awaits one): use acks=1 or acks=all");
            default -> throw new InvalidConfigException("acks must be all, -1 or 1, got '" + value + "'");
        };
    }
}
