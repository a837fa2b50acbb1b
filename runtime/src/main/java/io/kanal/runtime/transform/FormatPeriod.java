package io.kanal.runtime.transform;

/**
 * The shortest span of time a {@link java.text.SimpleDateFormat} pattern tells apart, so that a transform formatting
 * in UTC can reuse the text of the previous timestamp when the next one falls in the same span. Letters inside
 * quotes are literal text; zone letters change nothing in UTC; an unknown letter (which the pattern's validation
 * refuses anyway) counts as a millisecond, the safe answer. Stateless.
 */
final class FormatPeriod {
    static final long DAY = 86_400_000L;
    static final long HOUR = 3_600_000L;
    static final long MINUTE = 60_000L;
    static final long SECOND = 1_000L;
    static final long MILLISECOND = 1L;

    private FormatPeriod() {}

    /**
     * @param pattern a {@code SimpleDateFormat} pattern
     * @return the shortest span it tells apart, in milliseconds; at most a day
     */
    static long of(String pattern) {
        long period = DAY;
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted; // '' inside or outside quotes toggles twice: a literal quote, no change
            } else if (!quoted && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                period = Math.min(period, periodOf(c));
            }
        }
        return period;
    }

    private static long periodOf(char letter) {
        return switch (letter) {
            // era, years, months, weeks, days and day names: all decided by the date
            case 'G', 'y', 'Y', 'M', 'L', 'w', 'W', 'D', 'd', 'F', 'E', 'u' -> DAY;
            case 'a', 'H', 'k', 'K', 'h' -> HOUR;
            case 'm' -> MINUTE;
            case 's' -> SECOND;
            // time zones: constant in UTC
            case 'z', 'Z', 'X' -> DAY;
            default -> MILLISECOND;
        };
    }
}
