package io.samsa.protocol.record;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.ByteBuffer;

/**
 * The type stored in a control record's key: int16 version (0), int16 type. Types this broker
 * does not know read as {@link #UNKNOWN} rather than failing, as in Kafka, so newer control
 * records pass through.
 */
public enum ControlRecordType {
    ABORT(0),
    COMMIT(1),
    LEADER_CHANGE(2),
    SNAPSHOT_HEADER(3),
    SNAPSHOT_FOOTER(4),
    KRAFT_VERSION(5),
    KRAFT_VOTERS(6),
    UNKNOWN(-1);

    static final short CURRENT_KEY_VERSION = 0;
    static final int KEY_SIZE = 4;

    private final short id;

    ControlRecordType(int id) {
        this.id = (short) id;
    }

    public short id() {
        return id;
    }

    /** A new key buffer (position 0) for this type. */
    public ByteBuffer key() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("UNKNOWN has no key");
        }
        return ByteBuffer.allocate(KEY_SIZE).putShort(CURRENT_KEY_VERSION).putShort(id).flip();
    }

    /**
     * The type named by a control record's key.
     *
     * @throws CorruptRecordException {@link Reason#INVALID_RECORD} if the key is missing, shorter
     *     than 4 bytes or has a negative version
     */
    public static ControlRecordType parse(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new CorruptRecordException(Reason.INVALID_RECORD, "control record key must hold at least "
                + KEY_SIZE + " bytes, has " + (key == null ? "none (null key)" : key.remaining()));
        }
        short version = key.getShort(key.position());
        if (version < 0) {
            throw new CorruptRecordException(Reason.INVALID_RECORD, "control record key version " + version + " is negative");
        }
        // Later key versions may add fields after the type; the type stays where it is.
        return fromId(key.getShort(key.position() + 2));
    }

    public static ControlRecordType fromId(short id) {
        for (ControlRecordType type : values()) {
            if (type.id == id && type != UNKNOWN) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
