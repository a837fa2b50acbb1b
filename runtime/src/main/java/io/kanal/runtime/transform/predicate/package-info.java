/**
 * Kanal's built-in predicates, Kafka Connect's {@code org.apache.kafka.connect.transforms.predicates} with the same
 * configuration keys and results: {@link io.kanal.runtime.transform.predicate.TopicNameMatches}, {@link
 * io.kanal.runtime.transform.predicate.HasHeaderKey} and {@link
 * io.kanal.runtime.transform.predicate.RecordIsTombstone}. A transform uses one through {@link
 * io.kanal.runtime.transform.PredicatedTransformation}.
 */
package io.kanal.runtime.transform.predicate;
