package io.samsa.core.partition;

import io.samsa.core.log.Int32Strings;
import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.Readable;
import io.samsa.protocol.Writable;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte form of metadata records: a format version, a type tag, then the fields. Version 0
 * is the only one; a reader meeting a newer version refuses rather than misreading it.
 */
final class MetadataRecordCodec {
    private static final byte FORMAT_VERSION = 0;
    private static final byte TOPIC_CREATED = 1;
    private static final byte PARTITIONS_INCREASED = 2;
    private static final byte TOPIC_CONFIGS_CHANGED = 3;
    private static final byte TOPIC_DELETED = 4;
    private static final byte PRODUCER_IDS_RESERVED = 5;

    private MetadataRecordCodec() {}

    static byte[] encode(MetadataRecord record) {
        ByteBufferWritable out = new ByteBufferWritable(64);
        out.writeByte(FORMAT_VERSION);
        switch (record) {
            case MetadataRecord.TopicCreated created -> {
                out.writeByte(TOPIC_CREATED);
                Int32Strings.write(out, created.name());
                out.writeUuid(created.topicId());
                out.writeInt(created.partitions());
                writeConfigs(out, created.configs());
            }
            case MetadataRecord.PartitionsIncreased increased -> {
                out.writeByte(PARTITIONS_INCREASED);
                out.writeUuid(increased.topicId());
                out.writeInt(increased.partitions());
            }
            case MetadataRecord.TopicConfigsChanged changed -> {
                out.writeByte(TOPIC_CONFIGS_CHANGED);
                out.writeUuid(changed.topicId());
                writeConfigs(out, changed.configs());
            }
            case MetadataRecord.TopicDeleted deleted -> {
                out.writeByte(TOPIC_DELETED);
                out.writeUuid(deleted.topicId());
            }
            case MetadataRecord.ProducerIdsReserved reserved -> {
                out.writeByte(PRODUCER_IDS_RESERVED);
                out.writeLong(reserved.firstId());
                out.writeInt(reserved.size());
            }
        }
        ByteBuffer bytes = out.toByteBuffer();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    static MetadataRecord decode(ByteBuffer value) {
        Readable in = new ByteBufferReadable(value.duplicate());
        byte version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new MessageFormatException("metadata record format " + version + " is newer than this broker knows");
        }
        byte type = in.readByte();
        return switch (type) {
            case TOPIC_CREATED -> new MetadataRecord.TopicCreated(Int32Strings.read(in), in.readUuid(), in.readInt(), readConfigs(in));
            case PARTITIONS_INCREASED -> new MetadataRecord.PartitionsIncreased(in.readUuid(), in.readInt());
            case TOPIC_CONFIGS_CHANGED -> new MetadataRecord.TopicConfigsChanged(in.readUuid(), readConfigs(in));
            case TOPIC_DELETED -> new MetadataRecord.TopicDeleted(in.readUuid());
            case PRODUCER_IDS_RESERVED -> new MetadataRecord.ProducerIdsReserved(in.readLong(), in.readInt());
            default -> throw new MessageFormatException("unknown metadata record type " + type);
        };
    }

    private static void writeConfigs(Writable out, Map<String, String> configs) {
        out.writeInt(configs.size());
        new TreeMap<>(configs).forEach((key, value) -> {
            Int32Strings.write(out, key);
            Int32Strings.write(out, value);
        });
    }

    private static Map<String, String> readConfigs(Readable in) {
        int count = in.readInt();
        if (count < 0 || count > in.remaining()) {
            throw new MessageFormatException("invalid config count " + count);
        }
        Map<String, String> configs = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            configs.put(Int32Strings.read(in), Int32Strings.read(in));
        }
        return configs;
    }


}
