package io.samsa.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The in-place changes a broker makes on append keep batches valid for kafka-clients. */
class RecordBatchPatchingTest {
    private static final int LIMIT = 1 << 24;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void baseOffsetAndLeaderEpochPatchesKeepTheCrcValid(Compression compression) {
        // Given a batch as a producer sends it: base offset 0, no leader epoch
        ByteBuffer bytes = producerBatch(compression);
        long crcBefore = RecordBatch.wrap(bytes).checksum();
        RecordBatch batch = RecordBatch.wrap(bytes);
        // When
        batch.setBaseOffset(123_456L);
        batch.setPartitionLeaderEpoch(17);
        // Then
        assertThat(batch.checksum()).isEqualTo(crcBefore);
        batch.validate(LIMIT);
        DefaultRecordBatch kafka = KafkaInteropTest.onlyKafkaBatch(bytes);
        kafka.ensureValid();
        assertThat(kafka.baseOffset()).isEqualTo(123_456L);
        assertThat(kafka.lastOffset()).isEqualTo(123_456L + 2);
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(17);
        assertThat(KafkaInteropTest.kafkaRecords(kafka)).extracting(r -> r.offset())
            .containsExactly(123_456L, 123_457L, 123_458L);
        assertThat(batch.records(LIMIT)).extracting(Record::offset).containsExactly(123_456L, 123_457L, 123_458L);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void logAppendTimePatchRecomputesTheCrcAsKafkaDoes(Compression compression) {
        // Given
        ByteBuffer ours = producerBatch(compression);
        ByteBuffer kafkas = producerBatch(compression);
        long appendTime = 1_900_000_000_000L;
        // When
        RecordBatch.wrap(ours).setMaxTimestamp(TimestampType.LOG_APPEND_TIME, appendTime);
        KafkaInteropTest.onlyKafkaBatch(kafkas).setMaxTimestamp(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, appendTime);
        // Then
        assertThat(ours).isEqualTo(kafkas);
        DefaultRecordBatch kafka = KafkaInteropTest.onlyKafkaBatch(ours);
        kafka.ensureValid();
        assertThat(kafka.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(kafka.maxTimestamp()).isEqualTo(appendTime);
        assertThat(KafkaInteropTest.kafkaRecords(kafka)).extracting(r -> r.timestamp()).containsOnly(appendTime);
        RecordBatch batch = RecordBatch.wrap(ours);
        batch.validate(LIMIT);
        assertThat(batch.isTransactional()).as("other attributes kept").isTrue();
        assertThat(batch.compression()).isEqualTo(compression);
        assertThat(batch.records(LIMIT)).extracting(Record::timestamp).containsOnly(appendTime);
    }

    @ParameterizedTest
    @EnumSource(TimestampType.class)
    void settingTheSameTimestampAgainChangesNothing(TimestampType type) {
        // Given
        ByteBuffer bytes = producerBatch(Compression.NONE);
        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.setMaxTimestamp(type, 1234L);
        ByteBuffer before = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
        // When
        batch.setMaxTimestamp(type, 1234L);
        // Then
        assertThat(bytes).isEqualTo(before);
        assertThat(batch.timestampType()).isEqualTo(type);
        assertThat(batch.isValid()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void patchesWriteThroughToTheCallersBufferAtItsPosition(Compression compression) {
        // Given a batch sitting after some other bytes in a larger buffer
        ByteBuffer batchBytes = producerBatch(compression);
        ByteBuffer buffer = ByteBuffer.allocate(batchBytes.remaining() + 20);
        buffer.position(10).put(batchBytes).position(10).limit(buffer.capacity() - 10);
        // When
        RecordBatch.wrap(buffer).setBaseOffset(99L);
        // Then
        assertThat(buffer.position()).isEqualTo(10);
        assertThat(buffer.getLong(10)).isEqualTo(99L);
        assertThat(KafkaInteropTest.onlyKafkaBatch(buffer.slice(10, batchBytes.limit())).baseOffset()).isEqualTo(99L);
    }

    private static ByteBuffer producerBatch(Compression compression) {
        return new RecordBatchBuilder().compression(compression).producer(5L, (short) 1, 0).transactional(true)
            .append(1000L, new byte[] {1}, new byte[] {2})
            .append(3000L, null, new byte[] {3}, new Header("h", null))
            .append(2000L, new byte[] {4}, null)
            .build();
    }
}
