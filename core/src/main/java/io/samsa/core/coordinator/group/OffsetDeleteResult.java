package io.samsa.core.coordinator.group;

import io.samsa.protocol.ErrorCode;
import java.util.Map;

/** OffsetDelete's answer: a group-level error, or NONE with each partition's error. */
public record OffsetDeleteResult(ErrorCode groupError, Map<TopicPartition, ErrorCode> partitions) {
    public OffsetDeleteResult {
        partitions = Map.copyOf(partitions);
    }

    static OffsetDeleteResult failed(ErrorCode error) {
        return new OffsetDeleteResult(error, Map.of());
    }
}
