package io.kanal.api.connector;

/**
 * What a connector may ask of the runtime; Kafka Connect's {@code ConnectorContext}. Thread-safe: a connector may
 * call it from threads of its own (a thread that watches the source system for new tables, for example).
 */
public interface ConnectorContext {

    /**
     * Asks the runtime to call {@link Connector#taskConfigs(int)} again and to restart the tasks if their
     * configurations changed; for a connector whose input changed shape (tables added, partitions found).
     */
    void requestTaskReconfiguration();

    /**
     * Fails the connector from a thread of its own: the runtime marks it FAILED with this error in its status, as
     * if a call into it had thrown.
     *
     * @param error what went wrong; its message must not hold secrets
     */
    void raiseError(Exception error);
}
