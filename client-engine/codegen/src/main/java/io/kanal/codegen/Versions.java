package io.kanal.codegen;

/**
 * An inclusive range of protocol versions as written in the specs: {@code "3-12"}, {@code "9+"}, {@code "0"} or
 * {@code "none"}.
 *
 * @param lowest the lowest version in the range
 * @param highest the highest version in the range, {@link Short#MAX_VALUE} for an open range
 */
public record Versions(short lowest, short highest) {
    /** The empty range. */
    public static final Versions NONE = new Versions((short) 0, (short) -1);

    /** Every version. */
    public static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    /**
     * Parses a spec range.
     *
     * @param text the spec text, or {@code null} for the given default
     * @param ifAbsent what an absent range means
     * @return the range
     */
    public static Versions parse(String text, Versions ifAbsent) {
        if (text == null) {
            return ifAbsent;
        }
        String t = text.trim();
        if (t.equals("none")) {
            return NONE;
        }
        if (t.endsWith("+")) {
            return new Versions(Short.parseShort(t.substring(0, t.length() - 1)), Short.MAX_VALUE);
        }
        int dash = t.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(t.substring(0, dash)), Short.parseShort(t.substring(dash + 1)));
        }
        short v = Short.parseShort(t);
        return new Versions(v, v);
    }

    /**
     * Tells whether the range is empty.
     *
     * @return true if no version is in it
     */
    public boolean isEmpty() {
        return highest < lowest;
    }

    /**
     * Tells whether a version is in the range.
     *
     * @param version the version
     * @return true if it is
     */
    public boolean contains(int version) {
        return version >= lowest && version <= highest;
    }

    /**
     * The versions in both ranges.
     *
     * @param other the other range
     * @return the intersection, possibly empty
     */
    public Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return hi < lo ? NONE : new Versions(lo, hi);
    }

    /**
     * Tells whether this range contains every version of another.
     *
     * @param other the other range
     * @return true if the other is empty or inside this one
     */
    public boolean containsAll(Versions other) {
        return other.isEmpty() || (contains(other.lowest) && contains(other.highest));
    }

    /**
     * A Java boolean expression that is true when {@code var} is in this range, simplified against the versions the
     * surrounding code can be at.
     *
     * @param var the name of the version variable
     * @param possible the versions the variable can hold there
     * @return the expression, {@code "true"} or {@code "false"}
     */
    public String condition(String var, Versions possible) {
        Versions in = intersect(possible);
        if (in.isEmpty()) {
            return "false";
        }
        boolean needLow = in.lowest > possible.lowest;
        boolean needHigh = in.highest < possible.highest;
        if (!needLow && !needHigh) {
            return "true";
        }
        if (needLow && needHigh) {
            return in.lowest == in.highest
                    ? var + " == " + in.lowest
                    : "(" + var + " >= " + in.lowest + " && " + var + " <= " + in.highest + ")";
        }
        return needLow ? var + " >= " + in.lowest : var + " <= " + in.highest;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (highest == Short.MAX_VALUE) {
            return lowest + "+";
        }
        return lowest == highest ? Short.toString(lowest) : lowest + "-" + highest;
    }
}
