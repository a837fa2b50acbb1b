package io.kanal.client.consumer;

import java.util.Objects;

/**
 * A topic regular expression evaluated by the broker (KIP-848 {@code SubscribedTopicRegex}), in RE2/J syntax. The
 * broker matches the whole topic name: {@code orders-.*} matches {@code orders-eu}, {@code orders} does not.
 * Contrast {@link Consumer#subscribe(java.util.regex.Pattern, RebalanceListener)}, matched on the client.
 *
 * @param pattern the expression
 */
public record SubscriptionPattern(String pattern) {
    /** Validates the pattern is present. */
    public SubscriptionPattern {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("a subscription pattern must not be empty");
        }
    }
}
