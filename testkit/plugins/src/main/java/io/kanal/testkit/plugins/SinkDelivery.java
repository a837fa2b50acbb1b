package io.kanal.testkit.plugins;

/** What a sink promises about records delivered again after a restart; the restart check holds it to that. */
public enum SinkDelivery {
    /**
     * Every record is written exactly once across a restart: the sink is idempotent (an upsert by key) or stores
     * its offsets with the data.
     */
    EXACTLY_ONCE,
    /**
     * Nothing is lost and nothing whose offset was committed is written twice; records delivered again after a
     * restart (past the committed offset) may be written twice.
     */
    AT_LEAST_ONCE
}
