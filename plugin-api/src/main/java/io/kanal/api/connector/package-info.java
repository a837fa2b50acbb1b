/**
 * Connectors and what they share with their tasks: {@link io.kanal.api.connector.Connector} and its source and sink
 * kinds, {@link io.kanal.api.connector.Task}, {@link io.kanal.api.connector.ConnectRecord}. Each type is the
 * counterpart of the Kafka Connect type of the same name, so that a bridge maps Connect's connectors onto them.
 */
package io.kanal.api.connector;
