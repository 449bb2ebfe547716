package io.samsa.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordBatchIteratorTest {

    @Test
    void splitsConsecutiveBatchesWithoutMovingTheCallersPosition() {
        // Given
        ByteBuffer buffer = threeBatches();
        // When
        RecordBatchIterator iterator = new RecordBatchIterator(buffer);
        List<RecordBatch> batches = new ArrayList<>();
        iterator.forEachRemaining(batches::add);
        // Then
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 5L);
        assertThat(batches).extracting(RecordBatch::compression)
            .containsExactly(Compression.NONE, Compression.LZ4, Compression.ZSTD);
        assertThat(iterator.hasPartialBatch()).isFalse();
        assertThat(iterator.partialBatchBytes()).isZero();
        assertThat(iterator.validBytes()).isEqualTo(buffer.remaining());
        assertThat(buffer.position()).isZero();
        assertThat(RecordBatch.readAll(buffer)).hasSize(3);
    }

    @ParameterizedTest(name = "partial batch of {0} bytes")
    @ValueSource(ints = {1, 11, 12, 16, 17, 60, 61, 62, -1})
    void stopsBeforeATrailingPartialBatchAndReportsIt(int partialLength) {
        // Given three batches followed by the first bytes of a fourth, as a fetch response may end
        ByteBuffer whole = threeBatches();
        ByteBuffer fourth = new RecordBatchBuilder().baseOffset(9L).append(1L, null, new byte[40]).build();
        int cut = partialLength > 0 ? partialLength : fourth.remaining() + partialLength;
        ByteBuffer buffer = ByteBuffer.allocate(whole.remaining() + cut).put(whole.duplicate()).put(fourth.slice(0, cut)).flip();
        // When
        RecordBatchIterator iterator = new RecordBatchIterator(buffer);
        List<Long> baseOffsets = new ArrayList<>();
        iterator.forEachRemaining(batch -> baseOffsets.add(batch.baseOffset()));
        // Then
        assertThat(baseOffsets).containsExactly(0L, 2L, 5L);
        assertThat(iterator.hasPartialBatch()).isTrue();
        assertThat(iterator.partialBatchBytes()).isEqualTo(cut);
        assertThat(iterator.validBytes()).isEqualTo(whole.remaining());
        assertThat(countKafkaBatches(buffer)).as("kafka-clients sees the same complete batches").isEqualTo(3);
        assertThatThrownBy(() -> RecordBatch.readAll(buffer))
            .isInstanceOfSatisfying(CorruptRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void aCorruptHeaderIsAnErrorNotAPartialBatch() {
        // Given a second batch whose magic says v1 and a third whose length is impossible
        ByteBuffer badMagic = threeBatches();
        int second = RecordBatch.wrap(badMagic).sizeInBytes();
        badMagic.put(second + RecordBatch.MAGIC_OFFSET, (byte) 1);
        ByteBuffer badLength = threeBatches();
        badLength.putInt(second + RecordBatch.BATCH_LENGTH_OFFSET, 10);
        ByteBuffer shortBadLength = threeBatches().limit(second + 14);
        shortBadLength.putInt(second + RecordBatch.BATCH_LENGTH_OFFSET, -7);
        // When / Then
        assertFailsAfterOneBatch(badMagic, Reason.INVALID_MAGIC);
        assertFailsAfterOneBatch(badLength, Reason.INVALID_BATCH_LENGTH);
        assertFailsAfterOneBatch(shortBadLength, Reason.INVALID_BATCH_LENGTH);
    }

    @Test
    void theCallersByteOrderDoesNotMatter() {
        // Given
        ByteBuffer buffer = threeBatches().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // When
        RecordBatch first = RecordBatch.wrap(buffer);
        List<RecordBatch> all = RecordBatch.readAll(buffer);
        // Then
        assertThat(first.recordCount()).isEqualTo(2);
        assertThat(all).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 5L);
        assertThat(buffer.order()).isEqualTo(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void anEmptyBufferHoldsNoBatches() {
        RecordBatchIterator iterator = new RecordBatchIterator(ByteBuffer.allocate(0));
        assertThat(iterator.hasNext()).isFalse();
        assertThat(iterator.hasPartialBatch()).isFalse();
    }

    @Test
    void splitsWhatKafkaWritesAsSeveralBatchesInOneBuffer() {
        // Given
        ByteBuffer kafkaBytes = kafkaBatches(4);
        // When
        List<RecordBatch> batches = RecordBatch.readAll(kafkaBytes);
        // Then
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 10L, 20L, 30L);
        batches.forEach(batch -> batch.validate(1 << 20));
    }

    private static ByteBuffer kafkaBatches(int count) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (int i = 0; i < count; i++) {
            var builder = MemoryRecords.builder(buffer, org.apache.kafka.common.compress.Compression.gzip().build(),
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, i * 10L);
            builder.append(1L, null, new byte[] {(byte) i});
            builder.build();
        }
        return buffer.flip();
    }

    private static void assertFailsAfterOneBatch(ByteBuffer buffer, Reason reason) {
        RecordBatchIterator iterator = new RecordBatchIterator(buffer);
        assertThat(iterator.next().baseOffset()).isZero();
        assertThatThrownBy(iterator::hasNext)
            .isInstanceOfSatisfying(CorruptRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static ByteBuffer threeBatches() {
        ByteBuffer first = new RecordBatchBuilder().append(1L, null, new byte[] {1}).append(2L, null, new byte[] {2}).build();
        ByteBuffer second = new RecordBatchBuilder().baseOffset(2L).compression(Compression.LZ4)
            .append(3L, null, new byte[] {3}).append(4L, null, new byte[] {4}).append(5L, null, new byte[] {5}).build();
        ByteBuffer third = new RecordBatchBuilder().baseOffset(5L).compression(Compression.ZSTD)
            .append(6L, new byte[] {6}, new byte[] {6}).build();
        return ByteBuffer.allocate(first.remaining() + second.remaining() + third.remaining())
            .put(first).put(second).put(third).flip();
    }

    private static int countKafkaBatches(ByteBuffer buffer) {
        int count = 0;
        for (MutableRecordBatch ignored : MemoryRecords.readableRecords(buffer.duplicate()).batches()) {
            count++;
        }
        return count;
    }
}
