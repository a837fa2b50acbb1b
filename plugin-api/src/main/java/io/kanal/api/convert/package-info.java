/** Converters between a record's data and the bytes stored in Kafka, for keys, values and headers. */
package io.kanal.api.convert;
