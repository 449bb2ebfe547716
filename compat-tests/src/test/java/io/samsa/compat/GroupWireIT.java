package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The group APIs on the wire: every served version of each is answered and readable by
 * kafka-clients (a field set where a version has no room for it would close old clients'
 * connections), and the edge cases answer what a Kafka 4.3.1 broker answers (observed with raw
 * requests against one).
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class GroupWireIT {
    private static final String TOPIC = "wire-offsets";
    private static Uuid topicId;

    @BeforeAll
    static void createTopic(TestBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
            topicId = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).topicId();
        }
    }

    private static <R extends ApiMessage> R call(TestBroker broker, ApiKeys key, int version, ApiMessage request,
            BiFunction<Readable, Short, R> reader) throws IOException {
        short v = (short) version;
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(key, v, 11, request);
            ByteBuffer frame = connection.receive()
                    .orElseThrow(() -> new AssertionError(key + " v" + version + " was not answered"));
            assertThat(RawConnection.readResponseHeader(frame, key.responseHeaderVersion(v)).correlationId()).isEqualTo(11);
            return reader.apply(new ByteBufferAccessor(frame), v);
        }
    }

    private static JoinGroupRequestData joinRequest(String group, String memberId) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {0, 1, 2}));
        return new JoinGroupRequestData().setGroupId(group).setMemberId(memberId).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setProtocolType("consumer").setProtocols(protocols);
    }

    private static JoinGroupResponseData join(TestBroker broker, int version, JoinGroupRequestData request) throws IOException {
        return call(broker, ApiKeys.JOIN_GROUP, version, request, JoinGroupResponseData::new);
    }

    @Test
    void findCoordinatorNamesThisBrokerInEveryVersion(TestBroker broker) throws IOException {
        for (int version = 0; version <= 6; version++) {
            FindCoordinatorRequestData request = new FindCoordinatorRequestData();
            if (version < 4) {
                request.setKey("g");
            } else {
                request.setCoordinatorKeys(List.of("g", "h"));
            }
            FindCoordinatorResponseData response = call(broker, ApiKeys.FIND_COORDINATOR, version, request,
                    FindCoordinatorResponseData::new);
            if (version < 4) {
                assertThat(response.errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
                assertThat(response.nodeId()).isEqualTo(broker.nodeId());
                assertThat(response.host()).isEqualTo("127.0.0.1");
                assertThat(response.port()).isEqualTo(broker.address().getPort());
                assertThat(response.errorMessage()).isEqualTo(version == 0 ? "" : "NONE");
            } else {
                assertThat(response.coordinators()).as("v%d", version).hasSize(2).allSatisfy(coordinator -> {
                    assertThat(coordinator.errorCode()).isEqualTo(Errors.NONE.code());
                    assertThat(coordinator.nodeId()).isEqualTo(broker.nodeId());
                    assertThat(coordinator.port()).isEqualTo(broker.address().getPort());
                    assertThat(coordinator.errorMessage()).isEmpty();
                });
            }
        }
        // A transactional id is coordinated here too (see TransactionWireIT); an unknown key type is a bad request
        var txn = call(broker, ApiKeys.FIND_COORDINATOR, 3, new FindCoordinatorRequestData().setKey("t").setKeyType((byte) 1),
                FindCoordinatorResponseData::new);
        assertThat(txn.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(txn.nodeId()).isEqualTo(broker.nodeId());
        var unknownType = call(broker, ApiKeys.FIND_COORDINATOR, 4, new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("x")).setKeyType((byte) 7), FindCoordinatorResponseData::new);
        assertThat(unknownType.coordinators()).singleElement().satisfies(coordinator -> {
            assertThat(coordinator.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(coordinator.nodeId()).isEqualTo(-1);
            assertThat(coordinator.port()).isEqualTo(-1);
        });
        // The internal topic now exists, marked internal, and clients cannot write to it
        MetadataResponseData metadata = call(broker, ApiKeys.METADATA, 12, new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("__consumer_offsets"))),
                MetadataResponseData::new);
        assertThat(metadata.topics().find("__consumer_offsets")).satisfies(topic -> {
            assertThat(topic.isInternal()).isTrue();
            assertThat(topic.partitions()).hasSize(50);
        });
        ProduceRequestData produce = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(5000);
        produce.topicData().add(new ProduceRequestData.TopicProduceData().setName("__consumer_offsets")
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                        .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()))))));
        ProduceResponseData produced = call(broker, ApiKeys.PRODUCE, 9, produce, ProduceResponseData::new);
        assertThat(produced.responses().iterator().next().partitionResponses().getFirst().errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
    }

    @Test
    void aMemberJoinsSyncsHeartbeatsAndLeavesInEveryVersion(TestBroker broker) throws IOException {
        for (int version = 0; version <= 9; version++) {
            String group = "wire-v" + version;
            // JoinGroup: from v4 a new member first gets MEMBER_ID_REQUIRED with its id (KIP-394)
            String memberId = "";
            if (version >= 4) {
                JoinGroupResponseData required = join(broker, version, joinRequest(group, ""));
                assertThat(required.errorCode()).as("v%d", version).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
                assertThat(required.memberId()).startsWith("samsa-compat-test-");
                memberId = required.memberId();
            }
            JoinGroupResponseData joined = join(broker, version, joinRequest(group, memberId));
            assertThat(joined.errorCode()).as("join v%d", version).isEqualTo(Errors.NONE.code());
            assertThat(joined.generationId()).isEqualTo(1);
            assertThat(joined.protocolName()).isEqualTo("range");
            assertThat(joined.leader()).isEqualTo(joined.memberId());
            assertThat(joined.members()).singleElement().satisfies(member -> assertThat(member.metadata()).containsExactly(0, 1, 2));
            if (version >= 7) {
                assertThat(joined.protocolType()).isEqualTo("consumer");
            }
            memberId = joined.memberId();
            // SyncGroup: the leader's assignment comes back byte for byte
            int syncVersion = Math.min(version, 5);
            SyncGroupRequestData sync = new SyncGroupRequestData().setGroupId(group).setMemberId(memberId).setGenerationId(1)
                    .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                            .setAssignment(new byte[] {7, 7, (byte) version})));
            if (syncVersion >= 5) {
                sync.setProtocolType("consumer").setProtocolName("range");
            }
            SyncGroupResponseData synced = call(broker, ApiKeys.SYNC_GROUP, syncVersion, sync, SyncGroupResponseData::new);
            assertThat(synced.errorCode()).as("sync v%d", syncVersion).isEqualTo(Errors.NONE.code());
            assertThat(synced.assignment()).containsExactly(7, 7, version);
            HeartbeatResponseData beat = call(broker, ApiKeys.HEARTBEAT, Math.min(version, 4), new HeartbeatRequestData()
                    .setGroupId(group).setMemberId(memberId).setGenerationId(1), HeartbeatResponseData::new);
            assertThat(beat.errorCode()).as("heartbeat v%d", Math.min(version, 4)).isEqualTo(Errors.NONE.code());
            // DescribeGroups shows the Stable member with its metadata and assignment
            int describeVersion = Math.min(version, 6);
            DescribeGroupsResponseData described = call(broker, ApiKeys.DESCRIBE_GROUPS, describeVersion,
                    new DescribeGroupsRequestData().setGroups(List.of(group)).setIncludeAuthorizedOperations(describeVersion >= 3),
                    DescribeGroupsResponseData::new);
            String member = memberId;
            byte last = (byte) version;
            assertThat(described.groups()).singleElement().satisfies(described1 -> {
                assertThat(described1.groupState()).isEqualTo("Stable");
                assertThat(described1.protocolType()).isEqualTo("consumer");
                assertThat(described1.protocolData()).isEqualTo("range");
                assertThat(described1.members()).singleElement().satisfies(m -> {
                    assertThat(m.memberId()).isEqualTo(member);
                    assertThat(m.clientId()).isEqualTo("samsa-compat-test");
                    assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
                    assertThat(m.memberAssignment()).containsExactly(7, 7, last);
                });
                if (describeVersion >= 3) {
                    // read, delete, describe, describe and alter configs
                    assertThat(described1.authorizedOperations()).isEqualTo((1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11));
                }
            });
            // LeaveGroup: a single member before v3, a batch after
            int leaveVersion = Math.min(version, 5);
            LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(group);
            if (leaveVersion < 3) {
                leave.setMemberId(memberId);
            } else {
                leave.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId)));
            }
            LeaveGroupResponseData left = call(broker, ApiKeys.LEAVE_GROUP, leaveVersion, leave, LeaveGroupResponseData::new);
            assertThat(left.errorCode()).as("leave v%d", leaveVersion).isEqualTo(Errors.NONE.code());
            if (leaveVersion >= 3) {
                assertThat(left.members()).singleElement().satisfies(m -> assertThat(m.errorCode()).isEqualTo(Errors.NONE.code()));
            }
            DescribeGroupsResponseData empty = call(broker, ApiKeys.DESCRIBE_GROUPS, describeVersion,
                    new DescribeGroupsRequestData().setGroups(List.of(group)), DescribeGroupsResponseData::new);
            assertThat(empty.groups().getFirst().groupState()).isEqualTo("Empty");
            assertThat(empty.groups().getFirst().members()).isEmpty();
        }
    }

    @Test
    void membershipErrorsAreKafkas(TestBroker broker) throws IOException {
        JoinGroupResponseData badSession = join(broker, 9, joinRequest("errors", "").setSessionTimeoutMs(10));
        assertThat(badSession.errorCode()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT.code());
        assertThat(join(broker, 9, joinRequest("", "")).errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
        JoinGroupResponseData noProtocols = join(broker, 9, joinRequest("errors", "").setProtocols(new JoinGroupRequestProtocolCollection()));
        assertThat(noProtocols.errorCode()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());
        JoinGroupResponseData unknown = join(broker, 9, joinRequest("errors-unknown", "abc"));
        assertThat(unknown.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(unknown.memberId()).isEqualTo("abc");
        JoinGroupResponseData oldVersion = join(broker, 2, joinRequest("errors", "").setSessionTimeoutMs(10));
        assertThat(oldVersion.protocolName()).isEmpty();
        // Unknown groups
        assertThat(call(broker, ApiKeys.HEARTBEAT, 4, new HeartbeatRequestData().setGroupId("nope").setMemberId("m")
                .setGenerationId(1), HeartbeatResponseData::new).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(call(broker, ApiKeys.SYNC_GROUP, 5, new SyncGroupRequestData().setGroupId("nope").setMemberId("m")
                .setGenerationId(1), SyncGroupResponseData::new).errorCode()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());
        assertThat(call(broker, ApiKeys.SYNC_GROUP, 3, new SyncGroupRequestData().setGroupId("nope").setMemberId("m")
                .setGenerationId(1), SyncGroupResponseData::new).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        LeaveGroupResponseData leaveBatch = call(broker, ApiKeys.LEAVE_GROUP, 5, new LeaveGroupRequestData().setGroupId("nope")
                .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId("m"))), LeaveGroupResponseData::new);
        assertThat(leaveBatch.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(leaveBatch.members()).singleElement().satisfies(m -> assertThat(m.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code()));
        assertThat(call(broker, ApiKeys.LEAVE_GROUP, 2, new LeaveGroupRequestData().setGroupId("nope").setMemberId("m"),
                LeaveGroupResponseData::new).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        DescribeGroupsResponseData v5 = call(broker, ApiKeys.DESCRIBE_GROUPS, 5, new DescribeGroupsRequestData()
                .setGroups(List.of("nope")), DescribeGroupsResponseData::new);
        assertThat(v5.groups()).singleElement().satisfies(group -> {
            assertThat(group.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(group.groupState()).isEqualTo("Dead");
        });
        DescribeGroupsResponseData v6 = call(broker, ApiKeys.DESCRIBE_GROUPS, 6, new DescribeGroupsRequestData()
                .setGroups(List.of("nope")), DescribeGroupsResponseData::new);
        assertThat(v6.groups()).singleElement().satisfies(group -> {
            assertThat(group.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
            assertThat(group.errorMessage()).isEqualTo("Group nope not found.");
        });
        assertThat(call(broker, ApiKeys.DELETE_GROUPS, 2, new DeleteGroupsRequestData().setGroupsNames(List.of("nope")),
                DeleteGroupsResponseData::new).results().iterator().next().errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(call(broker, ApiKeys.OFFSET_DELETE, 0, new OffsetDeleteRequestData().setGroupId("nope"),
                OffsetDeleteResponseData::new).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    private static OffsetCommitRequestData simpleCommit(String group, int version, long offset, String metadata,
            int... partitions) {
        List<OffsetCommitRequestPartition> list = new ArrayList<>();
        for (int partition : partitions) {
            list.add(new OffsetCommitRequestPartition().setPartitionIndex(partition).setCommittedOffset(offset)
                    .setCommittedMetadata(metadata));
        }
        OffsetCommitRequestTopic topic = new OffsetCommitRequestTopic().setPartitions(list);
        if (version >= 10) {
            topic.setTopicId(topicId);
        } else {
            topic.setName(TOPIC);
        }
        return new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1).setMemberId("")
                .setTopics(List.of(topic));
    }

    @Test
    void offsetsAreCommittedAndFetchedInEveryVersion(TestBroker broker) throws IOException {
        for (int version = 2; version <= 10; version++) {
            OffsetCommitResponseData committed = call(broker, ApiKeys.OFFSET_COMMIT, version,
                    simpleCommit("offsets-v" + version, version, 100 + version, "m" + version, 0, 1), OffsetCommitResponseData::new);
            assertThat(committed.topics()).singleElement().satisfies(topic -> assertThat(topic.partitions())
                    .allSatisfy(partition -> assertThat(partition.errorCode()).as("commit v%s", 0).isEqualTo(Errors.NONE.code())));
        }
        for (int version = 1; version <= 10; version++) {
            int committedBy = Math.max(2, version);
            String group = "offsets-v" + committedBy;
            OffsetFetchRequestData request = new OffsetFetchRequestData();
            if (version < 8) {
                request.setGroupId(group).setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                        .setName(TOPIC).setPartitionIndexes(List.of(0, 1, 2))));
            } else {
                var topic = new OffsetFetchRequestData.OffsetFetchRequestTopics().setPartitionIndexes(List.of(0, 1, 2));
                if (version >= 10) {
                    topic.setTopicId(topicId);
                } else {
                    topic.setName(TOPIC);
                }
                request.setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
                        .setTopics(List.of(topic))));
            }
            OffsetFetchResponseData fetched = call(broker, ApiKeys.OFFSET_FETCH, version, request, OffsetFetchResponseData::new);
            List<long[]> offsets = new ArrayList<>();
            List<String> metadata = new ArrayList<>();
            if (version < 8) {
                fetched.topics().getFirst().partitions().forEach(p -> {
                    offsets.add(new long[] {p.partitionIndex(), p.committedOffset()});
                    metadata.add(p.metadata());
                });
            } else {
                fetched.groups().getFirst().topics().getFirst().partitions().forEach(p -> {
                    offsets.add(new long[] {p.partitionIndex(), p.committedOffset()});
                    metadata.add(p.metadata());
                });
            }
            assertThat(offsets).as("fetch v%d", version).containsExactly(
                    new long[] {0, 100 + committedBy}, new long[] {1, 100 + committedBy}, new long[] {2, -1});
            assertThat(metadata).containsExactly("m" + committedBy, "m" + committedBy, "");
        }
        // Every committed partition when the topics are null (v2+), with the group's top-level error
        OffsetFetchResponseData all = call(broker, ApiKeys.OFFSET_FETCH, 7, new OffsetFetchRequestData()
                .setGroupId("offsets-v5").setTopics(null).setRequireStable(true), OffsetFetchResponseData::new);
        assertThat(all.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(all.topics()).singleElement().satisfies(topic -> assertThat(topic.partitions()).hasSize(2));
        // Several groups at once (v8+), one unknown: it has nothing committed
        OffsetFetchResponseData batched = call(broker, ApiKeys.OFFSET_FETCH, 9, new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("offsets-v8").setTopics(null),
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("nope").setTopics(null))),
                OffsetFetchResponseData::new);
        assertThat(batched.groups()).hasSize(2);
        assertThat(batched.groups().get(0).topics()).singleElement().satisfies(topic -> assertThat(topic.partitions()).hasSize(2));
        assertThat(batched.groups().get(1).topics()).isEmpty();
        // v10 by an unknown topic id
        OffsetFetchResponseData unknownId = call(broker, ApiKeys.OFFSET_FETCH, 10, new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("offsets-v10").setTopics(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestTopics().setTopicId(Uuid.randomUuid())
                                .setPartitionIndexes(List.of(0)))))), OffsetFetchResponseData::new);
        assertThat(unknownId.groups().getFirst().topics().getFirst().partitions().getFirst().errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void offsetCommitErrorsAreKafkas(TestBroker broker) throws IOException {
        // Unknown partition, metadata over offset.metadata.max.bytes, null metadata (fetched as "")
        OffsetCommitRequestData request = simpleCommit("commit-errors", 8, 5, null, 0, 99);
        request.topics().getFirst().partitions().add(new OffsetCommitRequestPartition().setPartitionIndex(1)
                .setCommittedOffset(5).setCommittedMetadata("x".repeat(4097)));
        OffsetCommitResponseData response = call(broker, ApiKeys.OFFSET_COMMIT, 8, request, OffsetCommitResponseData::new);
        assertThat(response.topics().getFirst().partitions()).extracting(p -> Errors.forCode(p.errorCode()))
                .containsExactly(Errors.NONE, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.OFFSET_METADATA_TOO_LARGE);
        OffsetFetchResponseData fetched = call(broker, ApiKeys.OFFSET_FETCH, 5, new OffsetFetchRequestData()
                .setGroupId("commit-errors").setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                        .setName(TOPIC).setPartitionIndexes(List.of(0, 1)))), OffsetFetchResponseData::new);
        assertThat(fetched.topics().getFirst().partitions()).extracting(p -> p.committedOffset()).containsExactly(5L, -1L);
        assertThat(fetched.topics().getFirst().partitions().getFirst().metadata()).isEmpty();
        // Unknown topic by name and by id
        OffsetCommitRequestData unknownTopic = new OffsetCommitRequestData().setGroupId("commit-errors")
                .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic().setName("no-such-topic")
                        .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)))));
        assertThat(call(broker, ApiKeys.OFFSET_COMMIT, 9, unknownTopic, OffsetCommitResponseData::new).topics().getFirst()
                .partitions().getFirst().errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        unknownTopic.topics().getFirst().setTopicId(Uuid.randomUuid());
        assertThat(call(broker, ApiKeys.OFFSET_COMMIT, 10, unknownTopic, OffsetCommitResponseData::new).topics().getFirst()
                .partitions().getFirst().errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        // A generation for a group that does not exist
        OffsetCommitRequestData withGeneration = simpleCommit("no-group", 8, 1, "", 0).setGenerationIdOrMemberEpoch(3)
                .setMemberId("m");
        assertThat(call(broker, ApiKeys.OFFSET_COMMIT, 8, withGeneration, OffsetCommitResponseData::new).topics().getFirst()
                .partitions().getFirst().errorCode()).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(call(broker, ApiKeys.OFFSET_COMMIT, 9, withGeneration, OffsetCommitResponseData::new).topics().getFirst()
                .partitions().getFirst().errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void groupsAreListedFilteredAndDeletedInEveryVersion(TestBroker broker) throws IOException {
        call(broker, ApiKeys.OFFSET_COMMIT, 8, simpleCommit("listed-empty", 8, 1, "", 0), OffsetCommitResponseData::new);
        // A member that stays in CompletingRebalance for the whole test (it never syncs)
        JoinGroupResponseData joined = join(broker, 3, joinRequest("listed-busy", "").setSessionTimeoutMs(120_000)
                .setRebalanceTimeoutMs(120_000));
        assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
        for (int version = 0; version <= 5; version++) {
            int v = version;
            ListGroupsResponseData listed = call(broker, ApiKeys.LIST_GROUPS, version, new ListGroupsRequestData(),
                    ListGroupsResponseData::new);
            assertThat(listed.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(listed.groups()).as("v%d", version).extracting(ListGroupsResponseData.ListedGroup::groupId)
                    .contains("listed-empty", "listed-busy");
            assertThat(listed.groups()).filteredOn(group -> group.groupId().equals("listed-busy")).singleElement()
                    .satisfies(group -> {
                        assertThat(group.protocolType()).isEqualTo("consumer");
                        assertThat(group.groupState()).isEqualTo(v >= 4 ? "CompletingRebalance" : "");
                        assertThat(group.groupType()).isEqualTo(v >= 5 ? "classic" : "");
                    });
        }
        ListGroupsResponseData filtered = call(broker, ApiKeys.LIST_GROUPS, 5, new ListGroupsRequestData()
                .setStatesFilter(List.of("empty")).setTypesFilter(List.of("Classic")), ListGroupsResponseData::new);
        assertThat(filtered.groups()).extracting(ListGroupsResponseData.ListedGroup::groupId).contains("listed-empty")
                .doesNotContain("listed-busy");
        assertThat(call(broker, ApiKeys.LIST_GROUPS, 5, new ListGroupsRequestData().setTypesFilter(List.of("consumer")),
                ListGroupsResponseData::new).groups()).isEmpty();
        for (int version = 0; version <= 2; version++) {
            String group = "deleted-v" + version;
            call(broker, ApiKeys.OFFSET_COMMIT, 8, simpleCommit(group, 8, 1, "", 0), OffsetCommitResponseData::new);
            DeleteGroupsResponseData deleted = call(broker, ApiKeys.DELETE_GROUPS, version, new DeleteGroupsRequestData()
                    .setGroupsNames(List.of(group, "listed-busy")), DeleteGroupsResponseData::new);
            assertThat(deleted.results().find(group).errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
            assertThat(deleted.results().find("listed-busy").errorCode()).isEqualTo(Errors.NON_EMPTY_GROUP.code());
        }
        OffsetDeleteRequestData offsetDelete = new OffsetDeleteRequestData().setGroupId("listed-empty");
        offsetDelete.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(TOPIC)
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
        offsetDelete.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("no-such-topic")
                .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
        OffsetDeleteResponseData offsetsDeleted = call(broker, ApiKeys.OFFSET_DELETE, 0, offsetDelete, OffsetDeleteResponseData::new);
        assertThat(offsetsDeleted.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(offsetsDeleted.topics().find(TOPIC).partitions().iterator().next().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(offsetsDeleted.topics().find("no-such-topic").partitions().iterator().next().errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }
}
