package io.kanal.client.admin;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Filters for {@link AdminOperations#listTransactions}, applied by the brokers; a transaction is listed if it passes
 * every filter that is set. Start from {@link #all()} and narrow with the {@code filter*} methods, as with Kafka's
 * {@code ListTransactionsOptions}.
 *
 * @param states only transactions in one of these states; empty for any state
 * @param producerIds only transactions of these producer ids; empty for any
 * @param minDurationMs only transactions open for longer than this (ListTransactions v1, KIP-994); empty for any
 * @param transactionalIdPattern only transactional ids matching this regular expression, evaluated by the broker
 *     (ListTransactions v2, KIP-1152); empty for any
 */
public record ListTransactionsOptions(
        Set<TransactionState> states,
        Set<Long> producerIds,
        OptionalLong minDurationMs,
        Optional<String> transactionalIdPattern) {
    private static final ListTransactionsOptions ALL =
            new ListTransactionsOptions(Set.of(), Set.of(), OptionalLong.empty(), Optional.empty());

    /** Validates the components and copies the sets. */
    public ListTransactionsOptions {
        states = Set.copyOf(states);
        producerIds = Set.copyOf(producerIds);
        Objects.requireNonNull(minDurationMs, "minDurationMs");
        Objects.requireNonNull(transactionalIdPattern, "transactionalIdPattern");
        if (states.contains(TransactionState.UNKNOWN)) {
            throw new IllegalArgumentException("UNKNOWN is not a state brokers can filter on");
        }
        for (long id : producerIds) {
            if (id < 0) {
                throw new IllegalArgumentException("producer ids must not be negative: " + id);
            }
        }
        if (minDurationMs.isPresent() && minDurationMs.getAsLong() < 0) {
            throw new IllegalArgumentException("minDurationMs must not be negative: " + minDurationMs.getAsLong());
        }
        if (transactionalIdPattern.isPresent() && transactionalIdPattern.get().isEmpty()) {
            throw new IllegalArgumentException("transactionalIdPattern must not be empty; leave it out to match all");
        }
    }

    /**
     * No filter: every transaction the coordinators know, in every state.
     *
     * @return the options
     */
    public static ListTransactionsOptions all() {
        return ALL;
    }

    /**
     * These options, listing only transactions in the given states.
     *
     * @param wanted the states; empty for any
     * @return the new options
     */
    public ListTransactionsOptions filterStates(Collection<TransactionState> wanted) {
        Set<TransactionState> copy = wanted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(wanted));
        return new ListTransactionsOptions(copy, producerIds, minDurationMs, transactionalIdPattern);
    }

    /**
     * These options, listing only transactions of the given producer ids.
     *
     * @param wanted the producer ids; empty for any
     * @return the new options
     */
    public ListTransactionsOptions filterProducerIds(Collection<Long> wanted) {
        return new ListTransactionsOptions(states, Set.copyOf(wanted), minDurationMs, transactionalIdPattern);
    }

    /**
     * These options, listing only transactions that have been open for longer than a duration. Needs brokers with
     * ListTransactions v1 (KIP-994); older ones fail the call with an
     * {@link io.kanal.client.errors.UnsupportedVersionException}.
     *
     * @param durationMs the duration in ms, not negative
     * @return the new options
     */
    public ListTransactionsOptions filterOnDuration(long durationMs) {
        return new ListTransactionsOptions(states, producerIds, OptionalLong.of(durationMs), transactionalIdPattern);
    }

    /**
     * These options, listing only transactional ids that match a regular expression. Needs brokers with
     * ListTransactions v2 (KIP-1152); older ones fail the call with an
     * {@link io.kanal.client.errors.UnsupportedVersionException}.
     *
     * @param pattern the expression, not empty
     * @return the new options
     */
    public ListTransactionsOptions filterOnTransactionalIdPattern(String pattern) {
        return new ListTransactionsOptions(states, producerIds, minDurationMs, Optional.of(pattern));
    }
}
