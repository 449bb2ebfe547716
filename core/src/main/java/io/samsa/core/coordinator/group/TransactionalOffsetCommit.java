package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One TxnOffsetCommit: offsets a transactional producer commits for a group inside its open
 * transaction.
 *
 * @param generationId the consumer's generation (member epoch for KIP-848 groups), -1 when not given (v0-2)
 * @param memberId "" when not given
 * @param groupInstanceId null for a dynamic member or when not given
 */
public record TransactionalOffsetCommit(String groupId, long producerId, short producerEpoch, int generationId,
        String memberId, String groupInstanceId, Map<TopicPartition, OffsetToCommit> offsets) {
    public TransactionalOffsetCommit {
        memberId = memberId == null ? "" : memberId;
        offsets = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(offsets, "offsets is null")));
    }
}
