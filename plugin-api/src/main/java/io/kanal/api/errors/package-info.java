/**
 * The plugin API's exceptions: one small tree under {@link io.kanal.api.errors.PluginException}, each class the
 * counterpart of one of Kafka Connect's {@code org.apache.kafka.connect.errors} classes.
 */
package io.kanal.api.errors;
