package io.samsa.protocol;

import java.util.Arrays;
import java.util.List;

/**
 * A tagged field this code does not know: its tag and encoded bytes, carried through unchanged.
 * Compared by content, unlike a record's default array identity.
 */
public record RawTaggedField(int tag, byte[] data) {
    public RawTaggedField {
        if (tag < 0) {
            throw new IllegalArgumentException("negative tag " + tag);
        }
        if (data == null) {
            throw new NullPointerException("data is null");
        }
    }

    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawTaggedField other && tag == other.tag && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", data=" + Arrays.toString(data) + ")";
    }

    /** Whether two lists hold the same fields, treating null as empty (the generated classes create them lazily). */
    public static boolean sameFields(List<RawTaggedField> a, List<RawTaggedField> b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        return a.equals(b);
    }
}
