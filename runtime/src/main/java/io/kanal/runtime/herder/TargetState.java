package io.kanal.runtime.herder;

/**
 * The state a user asked a connector to be in, persisted with its config: Kafka Connect's target states, including
 * KIP-875's {@code STOPPED} (connector and tasks shut down, task configs emptied).
 */
public enum TargetState {
    /** The connector and its tasks run. */
    RUNNING,
    /** The connector and its tasks exist but tasks produce and consume nothing. */
    PAUSED,
    /** Nothing runs and the connector has no task configs (KIP-875). */
    STOPPED
}
