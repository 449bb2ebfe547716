package io.samsa.protocol.generator;

/**
 * An inclusive range of protocol versions, as the specs write them: {@code "3+"}, {@code "1-4"},
 * {@code "2"} or {@code "none"} (empty). Every version set in the specs is one contiguous range.
 */
public record Versions(short lowest, short highest) {
    public static final Versions NONE = new Versions((short) 0, (short) -1);
    public static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    public static Versions parse(String text) {
        String s = text.trim();
        if (s.equals("none")) {
            return NONE;
        }
        try {
            if (s.endsWith("+")) {
                return new Versions(parseVersion(s.substring(0, s.length() - 1)), Short.MAX_VALUE);
            }
            int dash = s.indexOf('-');
            if (dash > 0) {
                return new Versions(parseVersion(s.substring(0, dash)), parseVersion(s.substring(dash + 1)));
            }
            short single = parseVersion(s);
            return new Versions(single, single);
        } catch (NumberFormatException e) {
            throw new SpecException("invalid version range '" + text + "'");
        }
    }

    private static short parseVersion(String s) {
        int v = Integer.parseInt(s.trim());
        if (v < 0 || v > Short.MAX_VALUE) {
            throw new SpecException("version " + v + " is out of range");
        }
        return (short) v;
    }

    public boolean isEmpty() {
        return lowest > highest;
    }

    public boolean contains(int version) {
        return version >= lowest && version <= highest;
    }

    public boolean containsAll(Versions other) {
        return other.isEmpty() || (!isEmpty() && lowest <= other.lowest && highest >= other.highest);
    }

    public boolean isOpenEnded() {
        return !isEmpty() && highest == Short.MAX_VALUE;
    }

    public Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return lo > hi ? NONE : new Versions(lo, hi);
    }

    /** The versions below this range: what an open-ended range such as tagged versions leaves out. */
    public Versions below() {
        return isEmpty() ? ALL : new Versions((short) 0, (short) (lowest - 1));
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
