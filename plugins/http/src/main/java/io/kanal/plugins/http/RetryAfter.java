package io.kanal.plugins.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date, which is turned
 * into the time left from now. Stateless.
 */
public final class RetryAfter {

    private RetryAfter() {}

    /**
     * The wait the header asks for.
     *
     * @param header the header's value, if the response had one
     * @param now the current time, for a date
     * @return the wait (zero for a date in the past); empty when absent or unparseable, so that back-off applies
     */
    public static Optional<Duration> parse(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                // More digits than a long holds: as long as anyone would wait, the cap applies.
                return Optional.of(RetryPolicy.RETRY_AFTER_CAP);
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration left = Duration.between(now, at);
            return Optional.of(left.isNegative() ? Duration.ZERO : left);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
