package io.kanal.api.sink;

import io.kanal.api.connector.ConnectorContext;

/** A sink connector's context; Kafka Connect's counterpart, with nothing beyond {@link ConnectorContext} yet. Thread-safe. */
public interface SinkConnectorContext extends ConnectorContext {}
