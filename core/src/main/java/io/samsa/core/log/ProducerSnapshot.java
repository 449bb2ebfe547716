package io.samsa.core.log;

/**
 * What a partition knows of one producer, as DescribeProducers reports it.
 *
 * @param lastSequence the last sequence number appended, -1 if none since the epoch began
 * @param lastTimestamp the max timestamp of the producer's last batch or marker
 * @param coordinatorEpoch of the last transaction marker, -1 if none
 * @param currentTxnStartOffset first offset of the producer's open transaction, -1 if none
 */
public record ProducerSnapshot(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
        int coordinatorEpoch, long currentTxnStartOffset) {}
