package io.samsa.protocol.record;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.ByteBuffer;

/**
 * The single record of a transaction marker batch (control, transactional): key = COMMIT or
 * ABORT {@link ControlRecordType}, value = int16 version (0), int32 coordinator epoch.
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    private static final short CURRENT_VALUE_VERSION = 0;
    private static final int VALUE_SIZE = 6;

    public EndTransactionMarker {
        checkType(type);
    }

    public static EndTransactionMarker commit(int coordinatorEpoch) {
        return new EndTransactionMarker(ControlRecordType.COMMIT, coordinatorEpoch);
    }

    public static EndTransactionMarker abort(int coordinatorEpoch) {
        return new EndTransactionMarker(ControlRecordType.ABORT, coordinatorEpoch);
    }

    public boolean isCommit() {
        return type == ControlRecordType.COMMIT;
    }

    /** A new key buffer, positioned at 0. */
    public ByteBuffer key() {
        return type.key();
    }

    /** A new value buffer, positioned at 0. */
    public ByteBuffer value() {
        return ByteBuffer.allocate(VALUE_SIZE).putShort(CURRENT_VALUE_VERSION).putInt(coordinatorEpoch).flip();
    }

    /**
     * Reads the marker from a control record.
     *
     * @throws CorruptRecordException {@link Reason#INVALID_RECORD} if the record is not a
     *     well-formed COMMIT or ABORT marker
     */
    public static EndTransactionMarker read(Record record) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new CorruptRecordException(Reason.INVALID_RECORD, "control record of type " + type
                + " is not a transaction marker");
        }
        ByteBuffer value = record.value();
        if (value == null || value.remaining() < VALUE_SIZE) {
            throw new CorruptRecordException(Reason.INVALID_RECORD, "transaction marker value must hold at least "
                + VALUE_SIZE + " bytes, has " + (value == null ? "none (null value)" : value.remaining()));
        }
        short version = value.getShort(value.position());
        if (version < 0) {
            throw new CorruptRecordException(Reason.INVALID_RECORD, "transaction marker version " + version + " is negative");
        }
        // Like Kafka, read a newer version by its version-0 prefix.
        return new EndTransactionMarker(type, value.getInt(value.position() + 2));
    }

    private static void checkType(ControlRecordType type) {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("a transaction marker is COMMIT or ABORT, not " + type);
        }
    }
}
