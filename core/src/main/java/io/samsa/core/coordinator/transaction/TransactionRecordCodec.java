package io.samsa.core.coordinator.transaction;

import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.log.Int32Strings;
import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.Readable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Samsa's byte form of the records in {@code __transaction_state} (Kafka's own schemas live in
 * its transaction-coordinator module, not in kafka-clients): one record per transactional id,
 * its value the latest {@link TransactionMetadata}; a null value (tombstone) removes the id. All
 * integers big-endian; strings an int32 byte length and UTF-8 bytes.
 *
 * <pre>
 * key   := format:int8 (=0) transactionalId:string
 * value := format:int8 (=0) producerId:int64 lastProducerId:int64 producerEpoch:int16 lastProducerEpoch:int16
 *          timeoutMs:int32 state:int8 txnStartTimestamp:int64 updateTimestamp:int64
 *          partitionCount:int32 (topic:string partition:int32)*
 *          state: 0 Empty, 1 Ongoing, 2 PrepareCommit, 3 PrepareAbort, 4 CompleteCommit, 5 CompleteAbort
 * </pre>
 *
 * A reader meeting a newer format refuses the record instead of misreading it.
 */
public final class TransactionRecordCodec {
    private static final byte FORMAT = 0;

    private TransactionRecordCodec() {}

    public static byte[] key(String transactionalId) {
        ByteBufferWritable out = new ByteBufferWritable(32);
        out.writeByte(FORMAT);
        Int32Strings.write(out, transactionalId);
        return bytes(out);
    }

    public static byte[] value(TransactionMetadata metadata) {
        ByteBufferWritable out = new ByteBufferWritable(64);
        out.writeByte(FORMAT);
        out.writeLong(metadata.producerId());
        out.writeLong(metadata.lastProducerId());
        out.writeShort(metadata.producerEpoch());
        out.writeShort(metadata.lastProducerEpoch());
        out.writeInt(metadata.timeoutMs());
        out.writeByte(metadata.state().id());
        out.writeLong(metadata.txnStartTimestamp());
        out.writeLong(metadata.updateTimestamp());
        List<TopicPartition> sorted = new ArrayList<>(metadata.partitions());
        sorted.sort(TopicPartition.ORDER);
        out.writeInt(sorted.size());
        for (TopicPartition partition : sorted) {
            Int32Strings.write(out, partition.topic());
            out.writeInt(partition.partition());
        }
        return bytes(out);
    }

    /** The transactional id a record is about. */
    public static String decodeKey(ByteBuffer key) {
        if (key == null) {
            throw new MessageFormatException("a __transaction_state record without a key");
        }
        Readable in = new ByteBufferReadable(key.duplicate());
        checkFormat(in);
        return Int32Strings.read(in);
    }

    /**
     * Reads a value back.
     *
     * @throws MessageFormatException for bytes this codec did not write
     */
    public static TransactionMetadata decodeValue(String transactionalId, ByteBuffer value) {
        Readable in = new ByteBufferReadable(value.duplicate());
        checkFormat(in);
        long producerId = in.readLong();
        long lastProducerId = in.readLong();
        short epoch = in.readShort();
        short lastEpoch = in.readShort();
        int timeoutMs = in.readInt();
        TransactionState state;
        try {
            state = TransactionState.byId(in.readByte());
        } catch (IllegalArgumentException e) {
            throw new MessageFormatException(e.getMessage());
        }
        long start = in.readLong();
        long update = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > in.remaining()) {
            throw new MessageFormatException("invalid partition count " + count);
        }
        Set<TopicPartition> partitions = new HashSet<>();
        for (int i = 0; i < count; i++) {
            partitions.add(new TopicPartition(Int32Strings.read(in), in.readInt()));
        }
        return new TransactionMetadata(transactionalId, producerId, lastProducerId, epoch, lastEpoch, timeoutMs, state,
                partitions, start, update);
    }

    private static void checkFormat(Readable in) {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new MessageFormatException("__transaction_state record format " + format + " is newer than this broker knows");
        }
    }



    private static byte[] bytes(ByteBufferWritable out) {
        ByteBuffer buffer = out.toByteBuffer();
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }
}
