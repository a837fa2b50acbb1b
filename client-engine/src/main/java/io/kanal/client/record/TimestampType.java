package io.kanal.client.record;

/** Which clock a batch's timestamps come from: bit 3 of the batch attributes. */
public enum TimestampType {
    /** The producer's clock: each record carries its own timestamp. */
    CREATE_TIME,
    /** The broker's clock at append: every record of the batch takes the batch's max timestamp. */
    LOG_APPEND_TIME
}
