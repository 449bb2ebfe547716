package io.samsa.core.dispatch;

/** An inclusive range of API versions a handler serves and ApiVersions advertises. */
public record VersionRange(short min, short max) {
    public VersionRange {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("invalid version range " + min + "-" + max);
        }
    }

    public static VersionRange of(int min, int max) {
        return new VersionRange((short) min, (short) max);
    }

    public boolean contains(short version) {
        return version >= min && version <= max;
    }

    @Override
    public String toString() {
        return min + "-" + max;
    }
}
