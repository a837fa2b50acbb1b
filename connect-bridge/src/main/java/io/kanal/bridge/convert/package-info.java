/**
 * Apache Kafka Connect converters and header converters run as Kanal's: {@link
 * io.kanal.bridge.convert.BridgedConverter} wraps a Connect {@code Converter}, {@link
 * io.kanal.bridge.convert.BridgedHeaderConverter} a Connect {@code HeaderConverter}. Schemas, values and headers cross
 * through {@code io.kanal.bridge.data}, configuration definitions through {@code io.kanal.bridge.config}.
 */
package io.kanal.bridge.convert;
