package io.kanal.runtime.isolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A plugin's version string, ordered as Maven orders artifact versions in the cases plugin versions use: numeric
 * parts compare as numbers ({@code 1.10 > 1.9}), trailing zeros do not count ({@code 1.0 = 1}), and qualifiers rank
 * {@code alpha < beta < milestone < rc < snapshot < (release) < sp < other}: {@code 1.0-rc1 < 1.0-SNAPSHOT < 1.0 <
 * 1.0-sp1 < 1.0.1}. A number outranks a qualifier at the same position. {@code undefined}, the version of a plugin that does not report one, ranks below
 * every numeric version. Immutable value; equality is the ordering's ({@code 1.0} equals {@code 1}).
 */
public final class PluginVersion implements Comparable<PluginVersion> {

    /** What a plugin that is not {@code Versioned}, or reports no version, is listed with; as in Connect. */
    public static final String UNDEFINED = "undefined";

    private static final int RELEASE_RANK = 5;
    private static final int UNKNOWN_RANK = 7;
    private static final Map<String, Integer> QUALIFIER_RANKS = Map.ofEntries(
            Map.entry("alpha", 0),
            Map.entry("a", 0),
            Map.entry("beta", 1),
            Map.entry("b", 1),
            Map.entry("milestone", 2),
            Map.entry("m", 2),
            Map.entry("rc", 3),
            Map.entry("cr", 3),
            Map.entry("snapshot", 4),
            Map.entry("", RELEASE_RANK),
            Map.entry("ga", RELEASE_RANK),
            Map.entry("final", RELEASE_RANK),
            Map.entry("release", RELEASE_RANK),
            Map.entry("sp", 6));

    private final String text;
    private final List<String> items;

    private PluginVersion(String text) {
        this.text = text;
        this.items = normalize(text);
    }

    /**
     * @param text the version as the plugin reports it; null or blank means {@link #UNDEFINED}
     * @return the version
     */
    public static PluginVersion of(String text) {
        return new PluginVersion(text == null || text.isBlank() ? UNDEFINED : text.trim());
    }

    /**
     * @return whether this is {@link #UNDEFINED}
     */
    public boolean isUndefined() {
        return UNDEFINED.equals(text);
    }

    @Override
    public int compareTo(PluginVersion other) {
        int length = Math.max(items.size(), other.items.size());
        for (int i = 0; i < length; i++) {
            int c = compareItems(
                    i < items.size() ? items.get(i) : null, i < other.items.size() ? other.items.get(i) : null);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(items);
    }

    /**
     * @return the version as the plugin reported it
     */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Splits into items at dots, and into segments at dashes, underscores, plus signs and digit/letter boundaries;
     * drops each segment's trailing zeros and release marks (so {@code 1.0-SNAPSHOT} is {@code 1-snapshot}, as in
     * Maven), then flattens. Unlike Maven, {@code 1-1} and {@code 1.1} come out equal; plugin versions do not rely on
     * that difference.
     */
    private static List<String> normalize(String text) {
        List<String> items = new ArrayList<>();
        int segmentStart = 0;
        StringBuilder current = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : '-';
            boolean dot = c == '.';
            boolean segmentEnd = c == '-' || c == '_' || c == '+';
            boolean transition = !dot
                    && !segmentEnd
                    && current.length() > 0
                    && Character.isDigit(c) != Character.isDigit(current.charAt(current.length() - 1));
            if (dot || segmentEnd || transition) {
                items.add(canonicalItem(current.toString()));
                current.setLength(0);
            }
            if (segmentEnd || transition) {
                while (items.size() > segmentStart && isZeroLike(items.get(items.size() - 1))) {
                    items.remove(items.size() - 1);
                }
                segmentStart = items.size();
            }
            if (!dot && !segmentEnd) {
                current.append(c);
            }
        }
        while (!items.isEmpty() && isZeroLike(items.get(items.size() - 1))) {
            items.remove(items.size() - 1);
        }
        return List.copyOf(items);
    }

    private static String canonicalItem(String item) {
        if (isNumber(item)) {
            String stripped = item.replaceFirst("^0+", "");
            return stripped.isEmpty() ? "0" : stripped;
        }
        Integer rank = QUALIFIER_RANKS.get(item);
        return rank != null && rank == RELEASE_RANK ? "" : item;
    }

    private static boolean isZeroLike(String item) {
        return item.equals("0") || item.isEmpty();
    }

    private static boolean isNumber(String item) {
        return !item.isEmpty() && item.chars().allMatch(Character::isDigit);
    }

    /** Compares two canonical items; null is the padding past a version's end, equal to 0 and to a release mark. */
    private static int compareItems(String a, String b) {
        if (a == null) {
            return -compareItems(b, null);
        }
        boolean aNumber = isNumber(a);
        if (b == null) {
            return aNumber ? (a.equals("0") ? 0 : 1) : Integer.compare(rank(a), RELEASE_RANK);
        }
        boolean bNumber = isNumber(b);
        if (aNumber && bNumber) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (aNumber != bNumber) {
            return aNumber ? 1 : -1;
        }
        int byRank = Integer.compare(rank(a), rank(b));
        return byRank != 0 ? byRank : a.compareTo(b);
    }

    private static int rank(String qualifier) {
        return QUALIFIER_RANKS.getOrDefault(qualifier, UNKNOWN_RANK);
    }
}
