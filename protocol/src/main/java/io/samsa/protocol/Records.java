package io.samsa.protocol;

/**
 * The value of a {@code records} field: record batches sent as they are, never parsed by the
 * message classes. Parsing produces a {@link ByteBufferRecords} (a view of the input); a broker may
 * put in its own implementation (bytes still in a file, say) that a {@link Writable} can send
 * without copying, by overriding {@link Writable#writeRecords(Records)}.
 *
 * <p>{@link #sizeInBytes()} must not change while the message is sized and written.
 */
public interface Records {
    /** How many bytes {@link #writeTo} writes (the field's length prefix is not included). */
    int sizeInBytes();

    /** Writes the bytes; the fallback path, used by writers that cannot send the records any other way. */
    void writeTo(Writable writable);
}
