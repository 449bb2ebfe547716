package io.samsa.core.coordinator.group;

import io.samsa.core.log.Int32Strings;
import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.Readable;
import io.samsa.protocol.Writable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Samsa's byte form of the records in {@code __consumer_offsets} (Kafka's own schemas live in
 * its group-coordinator module, not in kafka-clients). A record's key names what it is about, its
 * value the latest state; a null value (tombstone) removes the key. All integers big-endian;
 * strings are an int32 byte length (-1 for null) and UTF-8 bytes; byte arrays an int32 length and
 * the bytes.
 *
 * <pre>
 * key   := format:int8 (=0) type:int8 group:string [topic:string partition:int32 when type=1]
 *          type 1 = committed offset, type 2 = group metadata, type 3 = consumer (KIP-848) group
 * value := format:int8 (=0) then, for an offset:
 *              offset:int64 leaderEpoch:int32 metadata:string commitTimestamp:int64
 *          for group metadata:
 *              protocolType:string? generation:int32 protocolName:string? leader:string?
 *              stateTimestamp:int64 memberCount:int32 member*
 *          member := memberId:string groupInstanceId:string? clientId:string clientHost:string
 *              rebalanceTimeoutMs:int32 sessionTimeoutMs:int32 subscription:bytes assignment:bytes
 *          for a consumer group:
 *              groupEpoch:int32 assignmentEpoch:int32 memberCount:int32 cmember*
 *          cmember := memberId:string instanceId:string? rackId:string? clientId:string? clientHost:string?
 *              topicCount:int32 topic:string* regex:string? assignor:string? rebalanceTimeoutMs:int32
 *              memberEpoch:int32 previousMemberEpoch:int32 state:int8
 *              assigned:partitions pendingRevocation:partitions target:partitions
 *          partitions := count:int32 (topic:string partition:int32)*
 * </pre>
 *
 * A reader meeting a newer format refuses the record instead of misreading it.
 */
public final class GroupRecordCodec {
    private static final byte FORMAT = 0;
    private static final byte OFFSET = 1;
    private static final byte GROUP = 2;
    private static final byte CONSUMER_GROUP = 3;

    private GroupRecordCodec() {}

    public static byte[] key(GroupRecord record) {
        ByteBufferWritable out = new ByteBufferWritable(64);
        out.writeByte(FORMAT);
        switch (record) {
            case GroupRecord.OffsetCommitted committed -> writeOffsetKey(out, committed.groupId(), committed.partition());
            case GroupRecord.OffsetRemoved removed -> writeOffsetKey(out, removed.groupId(), removed.partition());
            case GroupRecord.GroupMetadata metadata -> writeGroupKey(out, metadata.groupId());
            case GroupRecord.GroupRemoved removed -> writeGroupKey(out, removed.groupId());
            case GroupRecord.ConsumerGroupMetadata metadata -> writeConsumerGroupKey(out, metadata.groupId());
            case GroupRecord.ConsumerGroupRemoved removed -> writeConsumerGroupKey(out, removed.groupId());
        }
        return bytes(out);
    }

    /** The value, or null for a tombstone. */
    public static byte[] value(GroupRecord record) {
        return switch (record) {
            case GroupRecord.OffsetCommitted committed -> {
                ByteBufferWritable out = new ByteBufferWritable(64);
                out.writeByte(FORMAT);
                CommittedOffset offset = committed.offset();
                out.writeLong(offset.offset());
                out.writeInt(offset.leaderEpoch());
                Int32Strings.write(out, offset.metadata());
                out.writeLong(offset.commitTimestamp());
                yield bytes(out);
            }
            case GroupRecord.GroupMetadata metadata -> {
                ByteBufferWritable out = new ByteBufferWritable(256);
                out.writeByte(FORMAT);
                Int32Strings.write(out, metadata.protocolType());
                out.writeInt(metadata.generationId());
                Int32Strings.write(out, metadata.protocolName());
                Int32Strings.write(out, metadata.leaderId());
                out.writeLong(metadata.stateTimestamp());
                out.writeInt(metadata.members().size());
                for (GroupRecord.MemberMetadata member : metadata.members()) {
                    Int32Strings.write(out, member.memberId());
                    Int32Strings.write(out, member.groupInstanceId());
                    Int32Strings.write(out, member.clientId());
                    Int32Strings.write(out, member.clientHost());
                    out.writeInt(member.rebalanceTimeoutMs());
                    out.writeInt(member.sessionTimeoutMs());
                    writeBytes(out, member.subscription());
                    writeBytes(out, member.assignment());
                }
                yield bytes(out);
            }
            case GroupRecord.ConsumerGroupMetadata metadata -> {
                ByteBufferWritable out = new ByteBufferWritable(256);
                out.writeByte(FORMAT);
                out.writeInt(metadata.groupEpoch());
                out.writeInt(metadata.assignmentEpoch());
                out.writeInt(metadata.members().size());
                for (GroupRecord.ConsumerMember member : metadata.members()) {
                    Int32Strings.write(out, member.memberId());
                    Int32Strings.write(out, member.instanceId());
                    Int32Strings.write(out, member.rackId());
                    Int32Strings.write(out, member.clientId());
                    Int32Strings.write(out, member.clientHost());
                    out.writeInt(member.subscribedTopicNames().size());
                    member.subscribedTopicNames().forEach(topic -> Int32Strings.write(out, topic));
                    Int32Strings.write(out, member.subscribedTopicRegex());
                    Int32Strings.write(out, member.serverAssignor());
                    out.writeInt(member.rebalanceTimeoutMs());
                    out.writeInt(member.memberEpoch());
                    out.writeInt(member.previousMemberEpoch());
                    out.writeByte(member.state());
                    writePartitions(out, member.assigned());
                    writePartitions(out, member.pendingRevocation());
                    writePartitions(out, member.target());
                }
                yield bytes(out);
            }
            case GroupRecord.OffsetRemoved ignored -> null;
            case GroupRecord.GroupRemoved ignored -> null;
            case GroupRecord.ConsumerGroupRemoved ignored -> null;
        };
    }

    /**
     * Reads a record back.
     *
     * @param value null for a tombstone
     * @throws MessageFormatException for bytes this codec did not write
     */
    public static GroupRecord decode(ByteBuffer key, ByteBuffer value) {
        if (key == null) {
            throw new MessageFormatException("a __consumer_offsets record without a key");
        }
        Readable in = new ByteBufferReadable(key.duplicate());
        checkFormat(in);
        byte type = in.readByte();
        String groupId = Int32Strings.readNullable(in);
        if (groupId == null) {
            throw new MessageFormatException("a __consumer_offsets key without a group");
        }
        switch (type) {
            case OFFSET -> {
                String topic = Int32Strings.readNullable(in);
                if (topic == null) {
                    throw new MessageFormatException("an offset key without a topic");
                }
                TopicPartition partition = new TopicPartition(topic, in.readInt());
                if (value == null) {
                    return new GroupRecord.OffsetRemoved(groupId, partition);
                }
                Readable body = new ByteBufferReadable(value.duplicate());
                checkFormat(body);
                long offset = body.readLong();
                int leaderEpoch = body.readInt();
                String metadata = Int32Strings.readNullable(body);
                long timestamp = body.readLong();
                return new GroupRecord.OffsetCommitted(groupId, partition,
                        new CommittedOffset(offset, leaderEpoch, metadata == null ? "" : metadata, timestamp));
            }
            case GROUP -> {
                if (value == null) {
                    return new GroupRecord.GroupRemoved(groupId);
                }
                Readable body = new ByteBufferReadable(value.duplicate());
                checkFormat(body);
                String protocolType = Int32Strings.readNullable(body);
                int generation = body.readInt();
                String protocolName = Int32Strings.readNullable(body);
                String leader = Int32Strings.readNullable(body);
                long stateTimestamp = body.readLong();
                int count = body.readInt();
                if (count < 0 || count > body.remaining()) {
                    throw new MessageFormatException("invalid member count " + count);
                }
                List<GroupRecord.MemberMetadata> members = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String memberId = Int32Strings.readNullable(body);
                    String instanceId = Int32Strings.readNullable(body);
                    String clientId = Int32Strings.readNullable(body);
                    String clientHost = Int32Strings.readNullable(body);
                    if (memberId == null || clientId == null || clientHost == null) {
                        throw new MessageFormatException("a member without an id, client id or host");
                    }
                    members.add(new GroupRecord.MemberMetadata(memberId, instanceId, clientId, clientHost,
                            body.readInt(), body.readInt(), readBytes(body), readBytes(body)));
                }
                return new GroupRecord.GroupMetadata(groupId, protocolType, generation, protocolName, leader,
                        stateTimestamp, members);
            }
            case CONSUMER_GROUP -> {
                if (value == null) {
                    return new GroupRecord.ConsumerGroupRemoved(groupId);
                }
                Readable body = new ByteBufferReadable(value.duplicate());
                checkFormat(body);
                int groupEpoch = body.readInt();
                int assignmentEpoch = body.readInt();
                int count = readCount(body);
                List<GroupRecord.ConsumerMember> members = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String memberId = Int32Strings.readNullable(body);
                    if (memberId == null) {
                        throw new MessageFormatException("a consumer group member without an id");
                    }
                    String instanceId = Int32Strings.readNullable(body);
                    String rackId = Int32Strings.readNullable(body);
                    String clientId = Int32Strings.readNullable(body);
                    String clientHost = Int32Strings.readNullable(body);
                    int topicCount = readCount(body);
                    List<String> topics = new ArrayList<>(topicCount);
                    for (int t = 0; t < topicCount; t++) {
                        topics.add(Int32Strings.readNullable(body));
                    }
                    String regex = Int32Strings.readNullable(body);
                    String assignor = Int32Strings.readNullable(body);
                    int rebalanceTimeoutMs = body.readInt();
                    int memberEpoch = body.readInt();
                    int previousEpoch = body.readInt();
                    byte state = body.readByte();
                    members.add(new GroupRecord.ConsumerMember(memberId, instanceId, rackId, clientId, clientHost, topics,
                            regex, assignor, rebalanceTimeoutMs, memberEpoch, previousEpoch, state,
                            readPartitions(body), readPartitions(body), readPartitions(body)));
                }
                return new GroupRecord.ConsumerGroupMetadata(groupId, groupEpoch, assignmentEpoch, members);
            }
            default -> throw new MessageFormatException("unknown __consumer_offsets record type " + type);
        }
    }

    private static void writeOffsetKey(Writable out, String groupId, TopicPartition partition) {
        out.writeByte(OFFSET);
        Int32Strings.write(out, groupId);
        Int32Strings.write(out, partition.topic());
        out.writeInt(partition.partition());
    }

    private static void writeGroupKey(Writable out, String groupId) {
        out.writeByte(GROUP);
        Int32Strings.write(out, groupId);
    }

    private static void writeConsumerGroupKey(Writable out, String groupId) {
        out.writeByte(CONSUMER_GROUP);
        Int32Strings.write(out, groupId);
    }

    private static void writePartitions(Writable out, java.util.Set<TopicPartition> partitions) {
        List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort(TopicPartition.ORDER);
        out.writeInt(sorted.size());
        for (TopicPartition partition : sorted) {
            Int32Strings.write(out, partition.topic());
            out.writeInt(partition.partition());
        }
    }

    private static java.util.Set<TopicPartition> readPartitions(Readable in) {
        int count = readCount(in);
        java.util.Set<TopicPartition> partitions = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            String topic = Int32Strings.readNullable(in);
            if (topic == null) {
                throw new MessageFormatException("a partition without a topic");
            }
            partitions.add(new TopicPartition(topic, in.readInt()));
        }
        return partitions;
    }

    private static int readCount(Readable in) {
        int count = in.readInt();
        if (count < 0 || count > in.remaining()) {
            throw new MessageFormatException("invalid count " + count);
        }
        return count;
    }

    private static void checkFormat(Readable in) {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new MessageFormatException("__consumer_offsets record format " + format + " is newer than this broker knows");
        }
    }



    private static void writeBytes(Writable out, byte[] value) {
        out.writeInt(value.length);
        out.writeBytes(value);
    }

    private static byte[] readBytes(Readable in) {
        int length = in.readInt();
        if (length < 0 || length > in.remaining()) {
            throw new MessageFormatException("invalid byte array length " + length);
        }
        return in.readBytes(length);
    }

    private static byte[] bytes(ByteBufferWritable out) {
        ByteBuffer buffer = out.toByteBuffer();
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }
}
