package io.kanal.runtime.isolation;

import java.util.ArrayList;
import java.util.List;

/**
 * Which versions of a plugin a connector config accepts (KIP-891's {@code connector.plugin.version}, {@code
 * key.converter.plugin.version}, {@code transforms.<alias>.plugin.version}, ...), in Maven's range syntax as Connect
 * reads it:
 *
 * <ul>
 *   <li>absent, blank or {@code latest}: any version; the newest installed one is used;
 *   <li>a bare version such as {@code 1.2.0}: exactly that version (Connect reads it as {@code [1.2.0]}, not as
 *       Maven's soft requirement);
 *   <li>{@code [1.0,2.0)}, {@code (,1.0]}, {@code [1.5,)}, {@code [1.0]}, and comma-separated unions of them such as
 *       {@code (,1.0],[1.2,)}.
 * </ul>
 *
 * Immutable value.
 *
 * @param spec the text as given, for messages; {@code latest} when any version is accepted
 * @param restrictions the alternatives, any of which accepts a version; empty means any version
 */
public record PluginVersionRange(String spec, List<Restriction> restrictions) {

    /** Accepts every version. */
    public static final PluginVersionRange ANY = new PluginVersionRange("latest", List.of());

    /**
     * One interval; a null bound is open-ended.
     *
     * @param lower the lower bound or null
     * @param lowerInclusive whether the lower bound itself is accepted
     * @param upper the upper bound or null
     * @param upperInclusive whether the upper bound itself is accepted
     */
    public record Restriction(
            PluginVersion lower, boolean lowerInclusive, PluginVersion upper, boolean upperInclusive) {

        /**
         * @param version a version
         * @return whether the interval contains it
         */
        public boolean contains(PluginVersion version) {
            if (lower != null) {
                int c = version.compareTo(lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) {
                    return false;
                }
            }
            if (upper != null) {
                int c = version.compareTo(upper);
                return c < 0 || (c == 0 && upperInclusive);
            }
            return true;
        }
    }

    /** Copies the restrictions. */
    public PluginVersionRange {
        restrictions = List.copyOf(restrictions);
    }

    /**
     * Parses a version requirement.
     *
     * @param spec the configured value; null, blank or {@code latest} for any version
     * @return the range
     * @throws InvalidPluginVersionException if the text is neither a version nor a well-formed range
     */
    public static PluginVersionRange parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equals("latest")) {
            return ANY;
        }
        String text = spec.trim();
        if (text.charAt(0) != '[' && text.charAt(0) != '(') {
            if (text.contains(",")
                    || text.contains("[")
                    || text.contains("(")
                    || text.contains("]")
                    || text.contains(")")) {
                throw new InvalidPluginVersionException(spec, "a bare version cannot contain brackets or commas");
            }
            PluginVersion exact = PluginVersion.of(text);
            return new PluginVersionRange(text, List.of(new Restriction(exact, true, exact, true)));
        }
        List<Restriction> restrictions = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            char open = text.charAt(pos);
            if (open != '[' && open != '(') {
                throw new InvalidPluginVersionException(spec, "expected '[' or '(' at position " + pos);
            }
            int close = indexOfClose(text, pos + 1);
            if (close < 0) {
                throw new InvalidPluginVersionException(spec, "a range opened at position " + pos + " is not closed");
            }
            restrictions.add(restriction(spec, text.substring(pos + 1, close), open == '[', text.charAt(close) == ']'));
            pos = close + 1;
            if (pos < text.length()) {
                if (text.charAt(pos) != ',') {
                    throw new InvalidPluginVersionException(spec, "expected ',' between ranges at position " + pos);
                }
                pos++;
                if (pos == text.length()) {
                    throw new InvalidPluginVersionException(spec, "a trailing ',' without a range");
                }
            }
        }
        return new PluginVersionRange(text, restrictions);
    }

    /**
     * @return whether any version is accepted
     */
    public boolean isAny() {
        return restrictions.isEmpty();
    }

    /**
     * @param version a version
     * @return whether this range accepts it
     */
    public boolean matches(PluginVersion version) {
        return isAny() || restrictions.stream().anyMatch(r -> r.contains(version));
    }

    @Override
    public String toString() {
        return spec;
    }

    private static int indexOfClose(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ']' || c == ')') {
                return i;
            }
            if (c == '[' || c == '(') {
                return -1;
            }
        }
        return -1;
    }

    private static Restriction restriction(String spec, String body, boolean lowerInclusive, boolean upperInclusive) {
        int comma = body.indexOf(',');
        if (comma < 0) {
            if (!lowerInclusive || !upperInclusive || body.isBlank()) {
                throw new InvalidPluginVersionException(spec, "a single version must be written [version]");
            }
            PluginVersion exact = PluginVersion.of(body);
            return new Restriction(exact, true, exact, true);
        }
        if (body.indexOf(',', comma + 1) >= 0) {
            throw new InvalidPluginVersionException(spec, "a range has at most two bounds");
        }
        String lowerText = body.substring(0, comma).trim();
        String upperText = body.substring(comma + 1).trim();
        PluginVersion lower = lowerText.isEmpty() ? null : PluginVersion.of(lowerText);
        PluginVersion upper = upperText.isEmpty() ? null : PluginVersion.of(upperText);
        if (lower != null && upper != null && lower.compareTo(upper) > 0) {
            throw new InvalidPluginVersionException(spec, "the lower bound " + lower + " is above the upper " + upper);
        }
        // An empty bound is open whichever bracket encloses it, as Maven reads "[,1.0]".
        return new Restriction(lower, lower != null && lowerInclusive, upper, upper != null && upperInclusive);
    }
}
