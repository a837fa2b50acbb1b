/**
 * File connectors with the configuration and offsets of Kafka Connect's {@code FileStreamSource} and {@code
 * FileStreamSink}: {@link io.kanal.plugins.file.FileStreamSourceConnector} reads lines of a file or standard input
 * into one topic, {@link io.kanal.plugins.file.FileStreamSinkConnector} appends record values to a file or standard
 * output through a buffer made durable on flush. Both also answer to Connect's class names, through the plugin's
 * {@code META-INF/kanal/connect-names.properties}.
 */
package io.kanal.plugins.file;
