package io.kanal.runtime.herder;

/** The state names of Kafka Connect's connector and task statuses, unchanged so that REST clients keep working. */
public enum StatusState {
    /** Known but not (yet) running on any worker. */
    UNASSIGNED,
    /** Running. */
    RUNNING,
    /** Running but paused by its target state. */
    PAUSED,
    /** Stopped by its target state (connectors only; KIP-875). */
    STOPPED,
    /** Failed; the status carries the error. */
    FAILED,
    /** A restart was requested and is in progress (KIP-745). */
    RESTARTING
}
