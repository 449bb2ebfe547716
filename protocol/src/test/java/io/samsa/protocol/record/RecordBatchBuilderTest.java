package io.samsa.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;

class RecordBatchBuilderTest {

    @Test
    void deleteHorizonBatchesMatchKafkasBytes() {
        // Given
        long horizon = 1_750_000_000_000L;
        ByteBufferOutputStream out = new ByteBufferOutputStream(256);
        MemoryRecordsBuilder kafka = new MemoryRecordsBuilder(out, (byte) 2, org.apache.kafka.common.compress.Compression.NONE,
            org.apache.kafka.common.record.TimestampType.CREATE_TIME, 100L, RecordBatch.NO_TIMESTAMP,
            RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, false,
            RecordBatch.NO_PARTITION_LEADER_EPOCH, Integer.MAX_VALUE, horizon);
        kafka.append(1_700_000_000_000L, new byte[] {1}, null);
        // When
        ByteBuffer ours = new RecordBatchBuilder().baseOffset(100L).deleteHorizonMs(horizon)
            .append(1_700_000_000_000L, new byte[] {1}, null).build();
        // Then
        assertThat(ours).isEqualTo(kafka.build().buffer());
        RecordBatch batch = RecordBatch.wrap(ours);
        assertThat(batch.deleteHorizonMs()).hasValue(horizon);
        assertThat(batch.records(1024).get(0).timestamp()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void refusesContradictorySettings() {
        assertThatThrownBy(() -> new RecordBatchBuilder().transactional(true).append(1L, null, new byte[0]).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("producer id");
        assertThatThrownBy(() -> new RecordBatchBuilder().append(1L, null, null)
            .appendWithOffset(0L, 1L, null, null, List.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordBatchBuilder().lastOffset(5L)
            .appendWithOffset(9L, 1L, null, null, List.of()).build())
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new RecordBatchBuilder().compression(Compression.ZSTD, 23))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyBatchHasNoTimestampsAndNoRecords() {
        // When
        RecordBatch batch = RecordBatch.wrap(new RecordBatchBuilder().baseOffset(7L).build());
        // Then
        assertThat(batch.recordCount()).isZero();
        assertThat(batch.lastOffset()).isEqualTo(7L);
        assertThat(batch.baseTimestamp()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        assertThat(batch.maxTimestamp()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        assertThat(batch.records(1024)).isEmpty();
        assertThat(batch.sizeInBytes()).isEqualTo(RecordBatch.HEADER_SIZE);
        KafkaInteropTest.onlyKafkaBatch(batch.buffer()).ensureValid();
    }
}
