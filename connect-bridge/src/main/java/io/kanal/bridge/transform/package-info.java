/**
 * Apache Kafka Connect transformations and predicates run as Kanal's: {@link
 * io.kanal.bridge.transform.BridgedTransformation} wraps a Connect {@code Transformation}, {@link
 * io.kanal.bridge.transform.BridgedPredicate} a Connect {@code Predicate}. A record crosses once each way per bridged
 * step and keeps its kind: a Kanal source record becomes a Connect {@code SourceRecord}, a sink record a {@code
 * SinkRecord} (KIP-793's original topic, partition and offset included).
 */
package io.kanal.bridge.transform;
