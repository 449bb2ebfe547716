package io.samsa.protocol.record;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A record header. The key is never null; the value may be.
 *
 * <p>The value array is shared, not copied: neither the creator nor readers should modify it.
 */
public record Header(String key, byte[] value) {

    public Header {
        requireNonNull(key, "key is null");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Header that && key.equals(that.key) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(" + key + ", " + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
