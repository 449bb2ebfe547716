package io.samsa.core.log;

import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.Readable;
import io.samsa.protocol.Writable;
import java.nio.charset.StandardCharsets;

/**
 * Strings as the broker's own internal records write them (the metadata log, {@code
 * __consumer_offsets}, {@code __transaction_state}): an int32 byte length, -1 for null, then
 * UTF-8 bytes. A length the record cannot hold is refused, never trusted.
 */
public final class Int32Strings {
    private Int32Strings() {}

    public static void write(Writable out, String value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    /** A string that must be there. */
    public static String read(Readable in) {
        String value = readNullable(in);
        if (value == null) {
            throw new MessageFormatException("invalid string length -1");
        }
        return value;
    }

    public static String readNullable(Readable in) {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new MessageFormatException("invalid string length " + length);
        }
        return in.readString(length);
    }
}
