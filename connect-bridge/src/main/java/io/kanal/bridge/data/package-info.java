/**
 * Exact translation, both ways, between Kafka Connect's data model ({@code org.apache.kafka.connect.data}, headers,
 * source and sink records) and Kanal's ({@code io.kanal.api.data}, {@code io.kanal.api.source}, {@code
 * io.kanal.api.sink}). The two models have the same types, logical types and rules, so a translation changes the
 * classes and nothing else: every schema property, every value, unset struct fields and header order are kept.
 * Entry point: {@link io.kanal.bridge.data.DataTranslator}.
 */
package io.kanal.bridge.data;
