/**
 * Apache Kafka Connect connectors and tasks run as Kanal plugins. {@link io.kanal.bridge.connector.ConnectPluginAdapter}
 * is the runtime's entry point (the {@code ForeignPluginAdapter} service of the layer); {@link
 * io.kanal.bridge.connector.BridgedSourceConnector} and {@link io.kanal.bridge.connector.BridgedSinkConnector} wrap a
 * Connect connector, {@link io.kanal.bridge.connector.BridgedSourceTask} and {@link
 * io.kanal.bridge.connector.BridgedSinkTask} a Connect task; the contexts hand Connect's context interfaces over to
 * Kanal's (offsets, errant records, transactions, pause/resume, offset rewind, commit requests) and give each plugin a
 * private {@code PluginMetrics}. Records and configuration definitions cross through {@code io.kanal.bridge.data} and
 * {@code io.kanal.bridge.config}.
 */
package io.kanal.bridge.connector;
