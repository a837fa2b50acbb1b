/**
 * The plugin API's exceptions: one small tree under {@link io.kanal.api.errors.PluginException}, each class the
 * counterpart of one of Kafka Connect's {@code org.apache.kafka.connect.errors} classes. Exceptions are thrown and
 * caught on the thread that made the failing call; like every exception, they are not meant to be shared.
 */
package io.kanal.api.errors;
