package io.kanal.api.source;

import io.kanal.api.connector.ConnectorContext;

/** A source connector's context: also reads the offsets its tasks committed. Kafka Connect's counterpart. Thread-safe. */
public interface SourceConnectorContext extends ConnectorContext {

    /**
     * Reads committed source offsets, such as to plan the tasks' work.
     *
     * @return the reader
     */
    OffsetReader offsetReader();
}
