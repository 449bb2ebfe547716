package io.samsa.core.coordinator.group;

/**
 * One partition's commit as an OffsetCommit request gives it.
 *
 * @param leaderEpoch -1 when not given
 * @param metadata null is stored (and returned) as ""
 */
public record OffsetToCommit(long offset, int leaderEpoch, String metadata) {}
